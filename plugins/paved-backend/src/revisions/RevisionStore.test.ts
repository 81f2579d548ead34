import { TestDatabaseId } from '@backstage/backend-test-utils';
import { KubernetesObject } from '@paved/plugin-paved-node';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { NewRevision, RevisionStore } from './RevisionStore';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-30T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const DEV = { cluster: 'local', namespace: 'checkout-dev' };
const PROD = { cluster: 'local', namespace: 'checkout-prod' };

function deployment(name: string, component: string, image: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: DEV.namespace,
      labels: { 'backstage.io/kubernetes-id': component },
      resourceVersion: '42',
      managedFields: [{ manager: 'paved' }],
    },
    spec: { template: { spec: { containers: [{ name, image }] } } },
    status: { readyReplicas: 1 },
  } as KubernetesObject;
}

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'api-token',
    namespace: DEV.namespace,
    labels: { 'backstage.io/kubernetes-id': 'checkout-api' },
  },
  stringData: { token: 'pl41n-t0k3n-value' },
  data: { password: Buffer.from('s3cr3t-passw0rd').toString('base64') },
} as KubernetesObject;

function revision(
  place: { cluster: string; namespace: string },
  minutes: number,
  manifests: KubernetesObject[],
): NewRevision {
  return {
    ...place,
    actor: 'user:default/bob',
    source: { kind: 'apply', taskId: `task-${minutes}` },
    outcome: 'applied',
    manifests,
    results: manifests.map(m => ({
      kind: m.kind,
      name: m.metadata.name,
      result: 'created' as const,
    })),
    diff: `diff ${minutes}`,
    at: at(minutes),
  };
}

describe('RevisionStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    return RevisionStore.create({
      database: await testDatabaseService(databases, databaseId),
    });
  }

  it.each(databases.eachSupportedId())(
    'numbers revisions per environment, keeps Secrets as key names and lists newest first, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const api = deployment('checkout-api', 'checkout-api', 'api:1');
      const worker = deployment('checkout-worker', 'checkout-worker', 'w:1');
      const first = await store.record(revision(DEV, 0, [api, secret]));
      const other = await store.record(revision(PROD, 1, [api]));
      const second = await store.record(revision(DEV, 2, [worker]));
      expect([first.revision, other.revision, second.revision]).toEqual([
        1, 1, 2,
      ]);
      expect(first.components).toEqual(['checkout-api']);

      const stored = await store.get(DEV.cluster, DEV.namespace, 1);
      const text = JSON.stringify(stored);
      expect(text).not.toContain('pl41n-t0k3n-value');
      expect(text).not.toContain('s3cr3t-passw0rd');
      expect(text).not.toContain(
        Buffer.from('s3cr3t-passw0rd').toString('base64'),
      );
      const storedSecret = stored!.manifests.find(m => m.kind === 'Secret')!;
      expect(Object.keys(storedSecret.data as object).sort()).toEqual([
        'password',
        'token',
      ]);
      // server fields are not part of a revision
      const storedApi = stored!.manifests.find(m => m.kind === 'Deployment')!;
      expect(storedApi.metadata.resourceVersion).toBeUndefined();
      expect(storedApi.metadata.managedFields).toBeUndefined();
      expect(storedApi.status).toBeUndefined();
      expect(stored!.diff).toBe('diff 0');
      expect(stored!.source).toEqual({ kind: 'apply', taskId: 'task-0' });

      const dev = await store.list({ environments: [DEV] });
      expect(dev.revisions.map(r => r.revision)).toEqual([2, 1]);
      expect(dev.more).toBe(false);
      const api1 = await store.list({
        environments: [DEV, PROD],
        component: 'checkout-api',
      });
      expect(api1.revisions.map(r => [r.namespace, r.revision])).toEqual([
        [PROD.namespace, 1],
        [DEV.namespace, 1],
      ]);
      const paged = await store.list({ environments: [DEV, PROD], limit: 2 });
      expect(paged.revisions).toHaveLength(2);
      expect(paged.more).toBe(true);
      expect(await store.list({ environments: [] })).toEqual({
        revisions: [],
        more: false,
      });

      const after = await store.after(DEV.cluster, DEV.namespace, 1);
      expect(after.map(r => r.revision)).toEqual([2]);
      const forApi = await store.forObject({
        ...DEV,
        kind: 'Deployment',
        name: 'checkout-api',
      });
      expect(forApi.map(r => r.revision)).toEqual([1]);
      expect(await store.latestNumber(DEV.cluster, DEV.namespace)).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives changes that end together distinct numbers, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const api = deployment('checkout-api', 'checkout-api', 'api:1');
      const recorded = await Promise.all(
        [0, 1, 2, 3].map(m => store.record(revision(DEV, m, [api]))),
      );
      expect(recorded.map(r => r.revision).sort()).toEqual([1, 2, 3, 4]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the newest revisions of each environment within the retention, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const api = deployment('checkout-api', 'checkout-api', 'api:1');
      for (let m = 0; m < 5; m++) await store.record(revision(DEV, m, [api]));
      await store.record(revision(PROD, 0, [api]));
      expect(await store.prune({ keep: 2, maxAgeDays: 0 })).toBe(3);
      const dev = await store.list({ environments: [DEV] });
      expect(dev.revisions.map(r => r.revision)).toEqual([5, 4]);
      expect(
        (await store.list({ environments: [PROD] })).revisions,
      ).toHaveLength(1);
      // the object index went with them
      const forApi = await store.forObject(
        { ...DEV, kind: 'Deployment', name: 'checkout-api' },
        10,
      );
      expect(forApi.map(r => r.revision)).toEqual([5, 4]);
      // age: every revision is older than a day, but each environment keeps its newest
      expect(await store.prune({ keep: 100, maxAgeDays: 1 })).toBe(1);
      expect(
        (await store.list({ environments: [DEV] })).revisions.map(
          r => r.revision,
        ),
      ).toEqual([5]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses a revision without objects, naming the field, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await expect(store.record(revision(DEV, 0, []))).rejects.toThrow(
        'A revision needs at least one object (manifests)',
      );
    },
  );
});
