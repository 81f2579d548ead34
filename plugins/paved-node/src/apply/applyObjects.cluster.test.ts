import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { getKubernetesStatus } from '../cluster/errors';
import { createTestNamespace, localAdminClient, waitFor } from '../testUtils';
import { applyObjects } from './applyObjects';
import { KubernetesObject } from './types';

// Talks to the local cluster: allow for scheduling, rollouts and scrapes.
jest.setTimeout(120_000);

const configMap = (
  name: string,
  data: Record<string, string>,
): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});

describe('applyObjects (local cluster)', () => {
  let admin: KubernetesClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    admin = await localAdminClient();
  });
  beforeEach(async () => {
    ns = await createTestNamespace(admin, { prefix: 'apply' });
  });
  afterEach(async () => {
    await ns.cleanup();
  });

  it('reports created, unchanged and configured', async () => {
    const apply = (data: Record<string, string>) =>
      applyObjects(admin, [configMap('settings', data)], {
        defaultNamespace: ns.name,
      });

    expect((await apply({ a: '1' }))[0].applied).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: ns.name,
      name: 'settings',
      result: 'created',
    });
    expect((await apply({ a: '1' }))[0].applied.result).toBe('unchanged');
    expect((await apply({ a: '2' }))[0].applied.result).toBe('configured');

    const live = await admin.request<KubernetesObject>({
      path: `/api/v1/namespaces/${ns.name}/configmaps/settings`,
    });
    expect(live.data).toEqual({ a: '2' });
    expect(
      (live.metadata.managedFields as Array<{ manager: string }>).map(
        f => f.manager,
      ),
    ).toContain('paved');
  });

  it('stores nothing in dry-run mode but still reports what would happen', async () => {
    const [result] = await applyObjects(
      admin,
      [configMap('preview', { a: '1' })],
      {
        defaultNamespace: ns.name,
        dryRun: true,
      },
    );
    expect(result.applied.result).toBe('created');
    await expect(
      admin.request({
        path: `/api/v1/namespaces/${ns.name}/configmaps/preview`,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports a conflict with another field manager, and force resolves it', async () => {
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns.name}/configmaps/shared`,
      query: { fieldManager: 'someone-else' },
      contentType: 'application/apply-patch+yaml',
      body: {
        ...configMap('shared', { owner: 'someone-else' }),
        metadata: { name: 'shared', namespace: ns.name },
      },
    });
    const apply = (force: boolean) =>
      applyObjects(admin, [configMap('shared', { owner: 'paved' })], {
        defaultNamespace: ns.name,
        force,
      });

    const error = await apply(false).catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain('someone-else');
    expect(getKubernetesStatus(error)?.details?.causes?.[0]?.field).toBe(
      '.data.owner',
    );

    expect((await apply(true))[0].applied.result).toBe('configured');
  });

  it('applies a Deployment whose pods become Running on a KWOK node', async () => {
    const labels = { 'app.kubernetes.io/name': 'web' };
    await applyObjects(
      admin,
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web' },
          spec: {
            replicas: 2,
            selector: { matchLabels: labels },
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  { name: 'web', image: 'registry.paved.local/web:1.0.0' },
                ],
              },
            },
          },
        },
      ],
      { defaultNamespace: ns.name },
    );
    const pods = await waitFor(async () => {
      const list = await admin.request<{
        items: Array<{
          spec: { nodeName?: string };
          status: { phase?: string };
        }>;
      }>({
        path: `/api/v1/namespaces/${ns.name}/pods`,
        query: { labelSelector: 'app.kubernetes.io/name=web' },
      });
      return list.items.length === 2 &&
        list.items.every(p => p.status.phase === 'Running')
        ? list.items
        : undefined;
    });
    for (const pod of pods) {
      const node = await admin.request<KubernetesObject>({
        path: `/api/v1/nodes/${pod.spec.nodeName}`,
      });
      expect(node.metadata.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
    }
  });

  it('names a kind the cluster does not serve', async () => {
    const error = await applyObjects(
      admin,
      [{ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } }],
      { defaultNamespace: ns.name },
    ).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('kind Widget is not part of v1');
  });
});
