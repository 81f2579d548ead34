/*
 * Test fixtures: a Deployment as Paved applies it and as a Kubernetes 1.36.3 API server answered it with
 * `--show-managed-fields` after `kubectl apply --server-side --field-manager=paved`, `kubectl scale
 * --replicas=5`, `kubectl set env DEBUG=1`, `kubectl label team=shop` and `kubectl annotate
 * example.com/note=hi` (kubectl 1.36.3; entries copied as observed, the namespace renamed):
 * - `kubectl scale` patches the `scale` subresource with no field manager, so the API server names the
 *   manager after the User-Agent up to its first `/`: `kubectl` (not `kubectl-scale`), operation `Update`,
 *   `subresource: scale`, owning `f:spec.f:replicas`, which leaves Paved's entry. The entry has no `time`.
 * - `kubectl set env` patches with field manager `kubectl-set` (operation `Update`), owning the new env
 *   item; `kubectl label` and `kubectl annotate` use `kubectl-label` and `kubectl-annotate`.
 * - The deployment controller writes `deployment.kubernetes.io/revision` and the status in one entry,
 *   `kube-controller-manager` with `subresource: status`.
 */
import { KubernetesObject } from '../apply/types';
import { LiveKubernetesObject } from './drift';

export const APPLIED_AT = '2026-12-02T13:54:34Z';
export const SET_ENV_AT = '2026-12-02T13:54:39Z';
export const LABELED_AT = '2026-12-02T13:54:51Z';
/** A time later than all of the above, for entries written in the tests. */
export const LATER = '2026-12-02T13:58:00Z';

/** The Deployment as the revision holds it: the manifest Paved applied. */
export function revisionDeployment(): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'shop',
      labels: { app: 'api', 'backstage.io/kubernetes-id': 'api' },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'api' } },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'ghcr.io/acme/api:1.4.0',
              ports: [{ containerPort: 8080 }],
              env: [{ name: 'LOG_LEVEL', value: 'info' }],
              resources: { limits: { cpu: '0.5', memory: '256Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** Paved's server-side apply entry for {@link revisionDeployment}. */
function pavedEntry(options: { replicas: boolean }) {
  return {
    apiVersion: 'apps/v1',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': {
        'f:labels': { 'f:app': {}, 'f:backstage.io/kubernetes-id': {} },
      },
      'f:spec': {
        ...(options.replicas ? { 'f:replicas': {} } : {}),
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"api"}': {
                '.': {},
                'f:env': {
                  'k:{"name":"LOG_LEVEL"}': {
                    '.': {},
                    'f:name': {},
                    'f:value': {},
                  },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":8080,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                  },
                },
                'f:resources': { 'f:limits': { 'f:cpu': {}, 'f:memory': {} } },
              },
            },
          },
        },
      },
    },
    manager: 'paved',
    operation: 'Apply',
    time: APPLIED_AT,
  };
}

const conditionFields = {
  '.': {},
  'f:lastTransitionTime': {},
  'f:lastUpdateTime': {},
  'f:message': {},
  'f:reason': {},
  'f:status': {},
  'f:type': {},
};

const controllerEntry = {
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:metadata': {
      'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} },
    },
    'f:status': {
      'f:availableReplicas': {},
      'f:conditions': {
        '.': {},
        'k:{"type":"Available"}': conditionFields,
        'k:{"type":"Progressing"}': conditionFields,
      },
      'f:observedGeneration': {},
      'f:readyReplicas': {},
      'f:replicas': {},
      'f:terminatingReplicas': {},
      'f:updatedReplicas': {},
    },
  },
  manager: 'kube-controller-manager',
  operation: 'Update',
  subresource: 'status',
  time: APPLIED_AT,
};

export const scaleEntry = {
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:spec': { 'f:replicas': {} } },
  manager: 'kubectl',
  operation: 'Update',
  subresource: 'scale',
};

export const setEnvEntry = {
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: {
    'f:spec': {
      'f:template': {
        'f:spec': {
          'f:containers': {
            'k:{"name":"api"}': {
              'f:env': {
                'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} },
              },
            },
          },
        },
      },
    },
  },
  manager: 'kubectl-set',
  operation: 'Update',
  time: SET_ENV_AT,
};

export const labelEntry = {
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } },
  manager: 'kubectl-label',
  operation: 'Update',
  time: LABELED_AT,
};

export const annotateEntry = {
  apiVersion: 'apps/v1',
  fieldsType: 'FieldsV1',
  fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:example.com/note': {} } } },
  manager: 'kubectl-annotate',
  operation: 'Update',
  time: LABELED_AT,
};

/**
 * The live Deployment: defaulted by the API server, `0.5` CPU canonicalised to `500m`, with status and
 * managed fields. `scaled` adds `kubectl scale --replicas=5`, `debug` adds `kubectl set env DEBUG=1`,
 * `labeled` adds `kubectl label team=shop` and `kubectl annotate example.com/note=hi`.
 */
export function liveDeployment(
  options: { scaled?: boolean; debug?: boolean; labeled?: boolean } = {},
): LiveKubernetesObject {
  const env: Array<{ name: string; value: string }> = [
    { name: 'LOG_LEVEL', value: 'info' },
  ];
  if (options.debug) env.push({ name: 'DEBUG', value: '1' });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'api',
      namespace: 'shop',
      uid: '0b8c9d52-3c1e-4a59-9a43-52f1e0f3c8a1',
      resourceVersion: '4711',
      generation: options.debug ? 3 : 1,
      creationTimestamp: APPLIED_AT,
      labels: {
        app: 'api',
        'backstage.io/kubernetes-id': 'api',
        ...(options.labeled ? { team: 'shop' } : {}),
      },
      annotations: {
        'deployment.kubernetes.io/revision': options.debug ? '2' : '1',
        ...(options.labeled ? { 'example.com/note': 'hi' } : {}),
      },
      managedFields: [
        pavedEntry({ replicas: !options.scaled }),
        ...(options.scaled ? [scaleEntry] : []),
        ...(options.debug ? [setEnvEntry] : []),
        ...(options.labeled ? [annotateEntry, labelEntry] : []),
        controllerEntry,
      ],
    },
    spec: {
      replicas: options.scaled ? 5 : 3,
      selector: { matchLabels: { app: 'api' } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
      },
      template: {
        metadata: { labels: { app: 'api' } },
        spec: {
          containers: [
            {
              name: 'api',
              image: 'ghcr.io/acme/api:1.4.0',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              env,
              resources: { limits: { cpu: '500m', memory: '256Mi' } },
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    },
    status: {
      availableReplicas: 3,
      observedGeneration: 1,
      readyReplicas: 3,
      replicas: 3,
      terminatingReplicas: 0,
      updatedReplicas: 3,
    },
  };
}

/** Adds a managedFields entry to a live object (a copy). */
export function withEntry(
  live: LiveKubernetesObject,
  entry: Record<string, unknown>,
): LiveKubernetesObject {
  const managedFields = [
    ...((live.metadata.managedFields as unknown[]) ?? []),
    entry,
  ];
  return { ...live, metadata: { ...live.metadata, managedFields } };
}
