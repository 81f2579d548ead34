import { KubernetesObject } from '../apply/types';
import { LiveKubernetesObject, computeDrift } from './drift';
import {
  APPLIED_AT,
  LABELED_AT,
  LATER,
  SET_ENV_AT,
  liveDeployment,
  revisionDeployment,
  withEntry,
} from './fixtures';

const DEBUG_PATH = 'spec.template.spec.containers[name=api].env[name=DEBUG]';

describe('computeDrift', () => {
  it('finds nothing right after the apply: defaults, canonical quantities and controller fields are not drift', () => {
    expect(computeDrift(revisionDeployment(), liveDeployment())).toEqual([]);
  });

  it('names kubectl scale (scale subresource, manager kubectl, no time recorded) with both replica counts', () => {
    expect(
      computeDrift(revisionDeployment(), liveDeployment({ scaled: true })),
    ).toEqual([
      {
        path: 'spec.replicas',
        change: 'changed',
        expected: 3,
        actual: 5,
        manager: 'kubectl',
      },
    ]);
  });

  it('names labels and annotations kubectl label and kubectl annotate added, not the control-plane annotation', () => {
    expect(
      computeDrift(revisionDeployment(), liveDeployment({ labeled: true })),
    ).toEqual([
      {
        path: 'metadata.annotations["example.com/note"]',
        change: 'added',
        actual: 'hi',
        manager: 'kubectl-annotate',
        changedAt: LABELED_AT,
      },
      {
        path: 'metadata.labels.team',
        change: 'added',
        actual: 'shop',
        manager: 'kubectl-label',
        changedAt: LABELED_AT,
      },
    ]);
  });

  it('names an env var kubectl set env added, sorted by path with the scale', () => {
    expect(
      computeDrift(
        revisionDeployment(),
        liveDeployment({ scaled: true, debug: true }),
      ).map(field => field.path),
    ).toEqual(['spec.replicas', DEBUG_PATH]);
    expect(
      computeDrift(revisionDeployment(), liveDeployment({ debug: true })),
    ).toEqual([
      {
        path: DEBUG_PATH,
        change: 'added',
        actual: { name: 'DEBUG', value: '1' },
        manager: 'kubectl-set',
        changedAt: SET_ENV_AT,
      },
    ]);
  });

  it('names the one field another manager changed inside an item Paved applied', () => {
    const live = liveDeployment();
    (live.spec as any).template.spec.containers[0].env[0].value = 'debug';
    const drift = computeDrift(
      revisionDeployment(),
      withEntry(live, {
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:template': {
              'f:spec': {
                'f:containers': {
                  'k:{"name":"api"}': {
                    'f:env': { 'k:{"name":"LOG_LEVEL"}': { 'f:value': {} } },
                  },
                },
              },
            },
          },
        },
        manager: 'kubectl-edit',
        operation: 'Update',
        time: SET_ENV_AT,
      }),
    );
    expect(drift).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL].value',
        change: 'changed',
        expected: 'info',
        actual: 'debug',
        manager: 'kubectl-edit',
        changedAt: SET_ENV_AT,
      },
    ]);
  });

  it("treats paved and paved-… as Paved's own, and other names as foreign", () => {
    const restart = (manager: string) => ({
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:template': {
            'f:metadata': {
              'f:annotations': {
                '.': {},
                'f:kubectl.kubernetes.io/restartedAt': {},
              },
            },
          },
        },
      },
      manager,
      operation: 'Update',
      time: SET_ENV_AT,
    });
    const restarted = liveDeployment();
    (restarted.spec as any).template.metadata.annotations = {
      'kubectl.kubernetes.io/restartedAt': '2026-12-02T13:55:00Z',
    };
    expect(
      computeDrift(
        revisionDeployment(),
        withEntry(restarted, restart('paved-backend')),
      ),
    ).toEqual([]);
    expect(
      computeDrift(
        revisionDeployment(),
        withEntry(restarted, restart('pavedroad-operator')),
      ),
    ).toEqual([
      expect.objectContaining({
        path: 'spec.template.metadata.annotations["kubectl.kubernetes.io/restartedAt"]',
        change: 'added',
        manager: 'pavedroad-operator',
      }),
    ]);
  });

  it('compares the fields another manager owns in a list item the revision also has, not the whole item', () => {
    const coApplier = {
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': {
                'k:{"name":"api"}': {
                  '.': {},
                  'f:name': {},
                  'f:ports': {
                    'k:{"containerPort":8080,"protocol":"TCP"}': {
                      '.': {},
                      'f:containerPort': {},
                    },
                  },
                },
              },
            },
          },
        },
      },
      manager: 'argocd-controller',
      operation: 'Apply',
      time: LATER,
    };
    expect(
      computeDrift(
        revisionDeployment(),
        withEntry(liveDeployment(), coApplier),
      ),
    ).toEqual([]);
  });

  it('names the manager that wrote last where managers share a field', () => {
    const apply = (manager: string, time: string) => ({
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      manager,
      operation: 'Apply',
      time,
    });
    const live = liveDeployment({ scaled: true });
    live.metadata.managedFields = [
      ...(live.metadata.managedFields as unknown[]).filter(
        (entry: any) => entry.manager !== 'kubectl',
      ),
      apply('argocd-controller', APPLIED_AT),
      apply('flux', LATER),
      apply('kustomize-controller', '2026-12-02T13:10:00Z'),
    ];
    expect(computeDrift(revisionDeployment(), live)).toEqual([
      expect.objectContaining({
        path: 'spec.replicas',
        manager: 'flux',
        changedAt: LATER,
      }),
    ]);
  });

  it('reports a field the revision sets that nobody owns any more as removed, manager unknown', () => {
    const live = liveDeployment();
    delete live.metadata.labels!['backstage.io/kubernetes-id'];
    const entries = live.metadata.managedFields as any[];
    delete entries[0].fieldsV1['f:metadata']['f:labels'][
      'f:backstage.io/kubernetes-id'
    ];
    expect(computeDrift(revisionDeployment(), live)).toEqual([
      {
        path: 'metadata.labels["backstage.io/kubernetes-id"]',
        change: 'removed',
        expected: 'api',
      },
    ]);
  });

  it("names Paved's own entry when a value it owns differs from the revision", () => {
    const revision = revisionDeployment();
    (revision.spec as any).template.spec.containers[0].image =
      'ghcr.io/acme/api:1.3.0';
    expect(computeDrift(revision, liveDeployment())).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].image',
        change: 'changed',
        expected: 'ghcr.io/acme/api:1.3.0',
        actual: 'ghcr.io/acme/api:1.4.0',
        manager: 'paved',
        changedAt: APPLIED_AT,
      },
    ]);
  });

  it('shows an HPA scale by the controller manager, but not fields controllers fill in that the revision leaves out', () => {
    const live = withEntry(liveDeployment(), {
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      manager: 'kube-controller-manager',
      operation: 'Update',
      subresource: 'scale',
      time: LATER,
    });
    (live.spec as any).replicas = 7;
    expect(computeDrift(revisionDeployment(), live)).toEqual([
      expect.objectContaining({
        path: 'spec.replicas',
        expected: 3,
        actual: 7,
        manager: 'kube-controller-manager',
      }),
    ]);

    const claim = (): LiveKubernetesObject => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'data',
        annotations: { 'pv.kubernetes.io/bind-completed': 'yes' },
        managedFields: [
          {
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:metadata': {
                'f:annotations': {
                  '.': {},
                  'f:pv.kubernetes.io/bind-completed': {},
                },
              },
              'f:spec': { 'f:volumeName': {} },
            },
            manager: 'kube-controller-manager',
            operation: 'Update',
            time: LATER,
          },
        ],
      },
      spec: {
        resources: { requests: { storage: '1Gi' } },
        volumeName: 'pvc-1234',
      },
    });
    const claimRevision: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { resources: { requests: { storage: '1024Mi' } } },
    };
    expect(computeDrift(claimRevision, claim())).toEqual([]);
    expect(
      computeDrift(
        {
          ...claimRevision,
          spec: { ...(claimRevision.spec as object), volumeName: 'pvc-old' },
        },
        claim(),
      ),
    ).toEqual([
      expect.objectContaining({ path: 'spec.volumeName', actual: 'pvc-1234' }),
    ]);
  });

  it('keys a port another manager named by containerPort and the defaulted protocol', () => {
    const live = withEntry(liveDeployment(), {
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': {
                'k:{"name":"api"}': {
                  'f:ports': {
                    'k:{"containerPort":8080,"protocol":"TCP"}': {
                      'f:name': {},
                    },
                  },
                },
              },
            },
          },
        },
      },
      manager: 'kubectl-edit',
      operation: 'Update',
      time: SET_ENV_AT,
    });
    (live.spec as any).template.spec.containers[0].ports[0].name = 'http';
    expect(computeDrift(revisionDeployment(), live)).toEqual([
      expect.objectContaining({
        path: 'spec.template.spec.containers[name=api].ports[containerPort=8080,protocol=TCP].name',
        change: 'added',
        actual: 'http',
      }),
    ]);
  });

  it("names a Secret's changed and added keys without any value", () => {
    const revision: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      type: 'Opaque',
      data: { password: '', user: '' },
    };
    const live: LiveKubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        managedFields: [
          {
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:data': { '.': {}, 'f:password': {}, 'f:user': {} },
              'f:type': {},
            },
            manager: 'paved',
            operation: 'Apply',
            time: APPLIED_AT,
          },
          {
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:password': {}, 'f:token': {} } },
            manager: 'kubectl-edit',
            operation: 'Update',
            time: SET_ENV_AT,
          },
        ],
      },
      type: 'Opaque',
      data: {
        password: 'aHVudGVyMg==',
        user: 'YXBw',
        token: 'c2VjcmV0LXRva2Vu',
      },
    };
    const drift = computeDrift(revision, live);
    expect(drift).toEqual([
      {
        path: 'data.password',
        change: 'changed',
        manager: 'kubectl-edit',
        changedAt: SET_ENV_AT,
      },
      {
        path: 'data.token',
        change: 'added',
        manager: 'kubectl-edit',
        changedAt: SET_ENV_AT,
      },
    ]);
    expect(JSON.stringify(drift)).not.toMatch(/aHVudGVyMg|c2VjcmV0|YXBw/);

    const emptied = { ...live, data: { password: 'aHVudGVyMg==' } };
    expect(computeDrift(revision, emptied)).toContainEqual({
      path: 'data.user',
      change: 'removed',
    });
  });

  it('ignores status, control-plane annotations and fields outside spec, data, labels and annotations', () => {
    const live = withEntry(liveDeployment(), {
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:annotations': {
            'f:kubectl.kubernetes.io/last-applied-configuration': {},
          },
          'f:finalizers': { 'v:"example.com/keep"': {} },
        },
        'f:status': { 'f:replicas': {} },
      },
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      time: SET_ENV_AT,
    });
    live.metadata.annotations![
      'kubectl.kubernetes.io/last-applied-configuration'
    ] = '{}';
    live.metadata.finalizers = ['example.com/keep'];
    expect(computeDrift(revisionDeployment(), live)).toEqual([]);
  });

  it('compares a ConfigMap value another manager changed', () => {
    const revision: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { mode: 'fast', 'app.properties': 'a=1' },
    };
    const live: LiveKubernetesObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        managedFields: [
          {
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:app.properties': {} } },
            manager: 'paved',
            operation: 'Apply',
            time: APPLIED_AT,
          },
          {
            fieldsType: 'FieldsV1',
            fieldsV1: { 'f:data': { 'f:mode': {} } },
            manager: 'kubectl-patch',
            operation: 'Update',
            time: SET_ENV_AT,
          },
        ],
      },
      data: { mode: 'safe', 'app.properties': 'a=1' },
    };
    expect(computeDrift(revision, live)).toEqual([
      {
        path: 'data.mode',
        change: 'changed',
        expected: 'fast',
        actual: 'safe',
        manager: 'kubectl-patch',
        changedAt: SET_ENV_AT,
      },
    ]);
  });
});
