import { ConfigReader } from '@backstage/config';
import { PAVED_LABELS, encodeEntityRefLabel } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { readGuardrailPolicy } from '../guardrails/readPolicy';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
} from '../testUtils';
import { ApplyEngine } from './ApplyEngine';
import { KubernetesObject } from './types';

// Talks to the local cluster.
jest.setTimeout(120_000);

const TEAM = 'group:default/test-empty-namespace';
const identity = { user: 'user:default/dana', groups: [TEAM] };

const configMap: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings' },
  data: { MODE: 'copy' },
};
const service: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
};

/** A Deployment whose container says nothing of its security context: Pod Security "restricted" refuses its pods. */
function deployment(name: string): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: 'registry.local/web:1' }] },
      },
    },
  };
}

describe('ApplyEngine.applyToEmptyNamespace (local cluster)', () => {
  let admin: KubernetesClient;
  const engine = new ApplyEngine(
    localClusterRegistry(),
    readGuardrailPolicy(new ConfigReader({})),
  );
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  afterAll(async () => {
    await Promise.all(cleanups.map(c => c()));
  });

  async function emptyEnvironment() {
    const ns = await createTestEnvironment(admin, {
      team: TEAM,
      prefix: 'empty',
    });
    cleanups.push(ns.cleanup);
    return ns.name;
  }

  const request = (namespace: string, objects: KubernetesObject[]) => ({
    cluster: 'local',
    objects: objects.map(object => ({ object, source: 'test' })),
    defaultNamespace: namespace,
    identity,
  });

  it('applies as the user without a dry run and answers the plan the apply was: created objects and their diff', async () => {
    const namespace = await emptyEnvironment();
    const checked: number[] = [];
    const landed: string[] = [];
    const { plan, applied } = await engine.applyToEmptyNamespace(
      request(namespace, [configMap, service]),
      {
        onChecked: objects => checked.push(objects.length),
        onApplied: a => landed.push(`${a.kind}/${a.name}`),
      },
    );
    expect(checked).toEqual([2]);
    expect(landed.sort()).toEqual(['ConfigMap/settings', 'Service/web']);
    expect(applied.map(a => [a.kind, a.result])).toEqual([
      ['ConfigMap', 'created'],
      ['Service', 'created'],
    ]);
    expect(plan.objects.map(o => o.kind)).toEqual(['ConfigMap', 'Service']);
    // the diff is the API server's answer: the Service's cluster IP it handed out is in it
    const live = await admin.request<
      KubernetesObject & { spec: { clusterIP: string } }
    >({
      path: `/api/v1/namespaces/${namespace}/services/web`,
    });
    expect(plan.diff).toContain(`+++ applied/ConfigMap ${namespace}/settings`);
    expect(plan.diff).toContain(`clusterIP: ${live.spec.clusterIP}`);
    expect(
      (plan.planned?.[1] as { spec?: { clusterIP?: string } }).spec?.clusterIP,
    ).toBe(live.spec.clusterIP);
    const managers = (live.metadata.managedFields ?? []) as Array<{
      manager: string;
    }>;
    expect(managers.map(m => m.manager)).toContain('paved');
  });

  it('fails naming the objects whose pods Pod Security would refuse', async () => {
    const namespace = await emptyEnvironment();
    const error = await rejectionOf(
      engine.applyToEmptyNamespace({
        ...request(namespace, [configMap, deployment('loose')]),
        // the guardrails would refuse it first; here the API server's warning is what is checked
        skipGuardrails: true,
      }),
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toContain(
      'Pod Security would refuse the pods of 1 object(s)',
    );
    expect(error.message).toContain(`Deployment ${namespace}/loose:`);
    expect(error.message).toContain('restricted');
  });

  it('stops at the guardrails before anything is sent', async () => {
    const namespace = await emptyEnvironment();
    const checked: number[] = [];
    const error = await rejectionOf(
      engine.applyToEmptyNamespace(
        request(namespace, [configMap, deployment('loose')]),
        { onChecked: objects => checked.push(objects.length) },
      ),
    );
    expect(error.message).toContain('guardrail');
    expect(checked).toEqual([]);
    const list = await admin.request<{ items: unknown[] }>({
      path: `/api/v1/namespaces/${namespace}/configmaps`,
    });
    expect(
      (list.items as KubernetesObject[]).map(i => i.metadata.name),
    ).not.toContain('settings');
  });

  it('judges a Namespace the caller has just written as given, without reading it again', async () => {
    const namespace = await emptyEnvironment();
    const live = await admin.request<KubernetesObject>({
      path: `/api/v1/namespaces/${namespace}`,
    });
    // the same Namespace as another team's: the guardrails must go by the object they were given
    const othersTeam = {
      ...live,
      metadata: {
        ...live.metadata,
        labels: {
          ...live.metadata.labels,
          [PAVED_LABELS.team]: encodeEntityRefLabel(
            'group:default/someone-else',
          ),
        },
      },
    };
    const error = await rejectionOf(
      engine.applyToEmptyNamespace(request(namespace, [configMap]), {
        namespace: othersTeam,
      }),
    );
    expect(error.message).toContain('guardrail');
    const { applied } = await engine.applyToEmptyNamespace(
      request(namespace, [configMap]),
      { namespace: live },
    );
    expect(applied.map(a => a.result)).toEqual(['created']);
  });

  it('refuses at once, naming it, a field the kind does not have, in a dry run and in an apply', async () => {
    const misspelt: KubernetesObject = {
      ...service,
      spec: { selector: { app: 'web' }, ports: [{ port: 80, protocl: 'TCP' }] },
    };
    const namespace = await emptyEnvironment();
    for (const attempt of [
      () => engine.plan(request(namespace, [misspelt])),
      () => engine.applyToEmptyNamespace(request(namespace, [misspelt])),
    ]) {
      const error = await rejectionOf(attempt());
      expect(error.name).toBe('InputError');
      expect(error.message).toContain('.protocl: field not declared in schema');
      expect(error.message).toContain(
        'kubectl explain service --api-version=v1',
      );
      // the API server answers 500 for it, but it is not sent again
      expect(error.message).not.toContain('attempts');
    }
    const list = await admin.request<{ items: KubernetesObject[] }>({
      path: `/api/v1/namespaces/${namespace}/services`,
    });
    expect(list.items.map(i => i.metadata.name)).not.toContain('web');
  });

  it('refuses a malformed Secret at once without quoting its values', async () => {
    const namespace = await emptyEnvironment();
    const secret = (name: string, body: object): KubernetesObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name },
      type: 'Opaque',
      ...body,
    });
    const cases: Array<[KubernetesObject, string]> = [
      // the API server quotes a value that is not a map of keys
      [secret('plain', { stringData: 'hunter2-plain-value' }), '.stringData'],
      [
        secret('listed', { stringData: { password: ['hunter2-in-a-list'] } }),
        '.stringData.password',
      ],
      // a data value that is not base64 cannot be decoded
      [
        secret('undecodable', { data: { password: 'hunter2-not-base64!' } }),
        'illegal base64 data',
      ],
    ];
    for (const [object, problem] of cases) {
      const error = await rejectionOf(
        engine.plan(request(namespace, [object])),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(problem);
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('attempts');
    }
  });
});
