import { NotFoundError } from '@backstage/errors';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { applyObjects } from './applyObjects';
import { LiveObjects } from './readLiveObjects';
import { KubernetesObject } from './types';

const configMap: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop' },
  data: { mode: 'fast' },
};
const path = '/api/v1/namespaces/shop/configmaps/settings';

/**
 * A client that serves discovery, answers reads from `live` (404 without) and echoes patches; logs each call
 * and keeps each patch's query.
 */
function fakeClient(live?: KubernetesObject) {
  const calls: string[] = [];
  const queries = new Map<string, KubernetesRequest['query']>();
  const client = {
    cluster: { name: 'fake' },
    request: async (request: KubernetesRequest) => {
      if (request.path === '/api/v1') {
        return {
          resources: [
            { name: 'configmaps', kind: 'ConfigMap', namespaced: true },
          ],
        };
      }
      if (request.path === '/apis/apps/v1') {
        return {
          resources: [
            { name: 'deployments', kind: 'Deployment', namespaced: true },
          ],
        };
      }
      if (request.path === '/apis/example.dev/v1') {
        return {
          resources: [{ name: 'widgets', kind: 'Widget', namespaced: true }],
        };
      }
      calls.push(`${request.method ?? 'GET'} ${request.path}`);
      if (request.method === 'PATCH') queries.set(request.path, request.query);
      if (request.method === 'PATCH') return request.body;
      if (!live) throw new NotFoundError('not found');
      return live;
    },
  } as unknown as KubernetesClient;
  return { client, calls, queries };
}

describe('applyObjects', () => {
  it('sends a dry run before the live objects it compares against are read', async () => {
    const { client, calls } = fakeClient();
    let listed: (known: LiveObjects) => void = () => {};
    const known = new Promise<LiveObjects>(resolve => {
      listed = resolve;
    });
    const applying = applyObjects(client, [configMap], {
      dryRun: true,
      known,
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(calls).toEqual([`PATCH ${path}`]);
    listed(new Map([[`v1|ConfigMap|shop|settings`, configMap]]));
    const [result] = await applying;
    expect(result.applied.result).toBe('unchanged');
    expect(result.before).toEqual(configMap);
  });

  it('reads an object the lists did not cover beside its dry run', async () => {
    const { client, calls } = fakeClient();
    const [result] = await applyObjects(client, [configMap], {
      dryRun: true,
      known: Promise.resolve(new Map()),
    });
    expect(calls.sort()).toEqual([`GET ${path}`, `PATCH ${path}`]);
    expect(result.applied.result).toBe('created');
  });

  it('reads an object before applying it for real', async () => {
    const { client, calls } = fakeClient({
      ...configMap,
      data: { mode: 'slow' },
    });
    const [result] = await applyObjects(client, [configMap]);
    expect(calls).toEqual([`GET ${path}`, `PATCH ${path}`]);
    expect(result.applied.result).toBe('configured');
  });

  it('spares the API server field validation for its own kinds, never for custom resources', async () => {
    const { client, queries } = fakeClient();
    const object = (apiVersion: string, kind: string): KubernetesObject => ({
      apiVersion,
      kind,
      metadata: { name: 'one', namespace: 'shop' },
    });
    await applyObjects(
      client,
      [
        configMap,
        object('apps/v1', 'Deployment'),
        object('example.dev/v1', 'Widget'),
      ],
      { expected: ['created', 'created', 'created'] },
    );
    expect(queries.get(path)?.fieldValidation).toBe('Ignore');
    expect(
      queries.get('/apis/apps/v1/namespaces/shop/deployments/one')
        ?.fieldValidation,
    ).toBe('Ignore');
    const custom = queries.get(
      '/apis/example.dev/v1/namespaces/shop/widgets/one',
    );
    expect(custom).toBeDefined();
    expect(custom?.fieldValidation).toBeUndefined();
  });
});
