import { mockServices } from '@backstage/backend-test-utils';
import {
  ClusterFanOut,
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  KubernetesRequest,
} from '@paved/plugin-paved-node';
import { SharedClusterReads, sharedReadKey } from './SharedClusterReads';

/** A client of `cluster` acting as `identity` whose every request is recorded by `api`. */
function fakeClient(
  api: jest.Mock,
  cluster = 'one',
  identity?: ClusterIdentity,
): KubernetesClient {
  return {
    cluster: { name: cluster },
    impersonating: identity,
    request: (request: KubernetesRequest) => api(cluster, identity, request),
    withIdentity: (other: ClusterIdentity) => fakeClient(api, cluster, other),
  } as unknown as KubernetesClient;
}

const bob = { user: 'user:default/bob', groups: ['group:default/shop'] };
const ann = { user: 'user:default/ann', groups: ['group:default/shop'] };
const pods = (namespace: string, labelSelector = 'app=shop') => ({
  path: `/api/v1/namespaces/${namespace}/pods`,
  query: { labelSelector },
});

describe('SharedClusterReads', () => {
  let now: number;
  let api: jest.Mock;
  let reads: SharedClusterReads;

  beforeEach(() => {
    now = 1_000_000;
    api = jest.fn(async (cluster, _identity, request: KubernetesRequest) => ({
      items: [{ name: `${cluster}${request.path}` }],
    }));
    reads = new SharedClusterReads(3000, () => now);
  });

  it('answers two users of the same namespace list with one API request, each with their own copy', async () => {
    const asBob = reads.client(fakeClient(api, 'one', bob));
    const asAnn = reads.client(fakeClient(api, 'one', ann));
    const first = await asBob.request<{ items: any[] }>(pods('shop-dev'));
    first.items.push('changed by the first caller');
    const second = await asAnn.request<{ items: any[] }>(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(1);
    expect(api.mock.calls[0][1]).toBe(bob);
    expect(second).toEqual({
      items: [{ name: 'one/api/v1/namespaces/shop-dev/pods' }],
    });
  });

  it('shares list items without their managedFields, keeping the rest of their metadata', async () => {
    api.mockResolvedValueOnce({
      kind: 'PodList',
      items: [
        {
          metadata: {
            name: 'web-1',
            labels: { app: 'shop' },
            managedFields: [{ manager: 'kubelet', operation: 'Update' }],
          },
          status: { phase: 'Running' },
        },
      ],
    });
    const asBob = reads.client(fakeClient(api, 'one', bob));
    const answer = await asBob.request(pods('shop-dev'));
    expect(answer).toEqual({
      kind: 'PodList',
      items: [
        {
          metadata: { name: 'web-1', labels: { app: 'shop' } },
          status: { phase: 'Running' },
        },
      ],
    });
  });

  it('makes one request for concurrent misses of one key (single flight)', async () => {
    let release!: () => void;
    api.mockImplementationOnce(
      () =>
        new Promise(resolve => {
          release = () => resolve({ items: [1] });
        }),
    );
    const client = reads.client(fakeClient(api, 'one', bob));
    const all = Promise.all([
      client.request(pods('shop-dev')),
      reads.client(fakeClient(api, 'one', ann)).request(pods('shop-dev')),
      client.request(pods('shop-dev')),
    ]);
    await new Promise(r => setImmediate(r));
    release();
    expect(await all).toEqual([{ items: [1] }, { items: [1] }, { items: [1] }]);
    expect(api).toHaveBeenCalledTimes(1);
  });

  it('reads again once the TTL has passed', async () => {
    const client = reads.client(fakeClient(api, 'one', bob));
    await client.request(pods('shop-dev'));
    now += 1999;
    await client.request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(1);
    now += 1001;
    await client.request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(2);
  });

  it('refreshes a list in the background when it is read after two thirds of the TTL, answering the kept one meanwhile', async () => {
    let version = 0;
    api.mockImplementation(async () => ({ items: [{ version: ++version }] }));
    const asBob = reads.client(fakeClient(api, 'one', bob));
    const asAnn = reads.client(fakeClient(api, 'one', ann));
    expect(await asBob.request(pods('shop-dev'))).toEqual({
      items: [{ version: 1 }],
    });
    now += 2000;
    // ann is answered the kept list at once; her read refreshes it for the next callers
    expect(await asAnn.request(pods('shop-dev'))).toEqual({
      items: [{ version: 1 }],
    });
    expect(api).toHaveBeenCalledTimes(2);
    expect(api.mock.calls[1][1]).toBe(ann);
    await new Promise(setImmediate);
    now += 2999;
    expect(await asBob.request(pods('shop-dev'))).toEqual({
      items: [{ version: 2 }],
    });
  });

  it('keys by cluster, namespace, resource and query', async () => {
    const one = reads.client(fakeClient(api, 'one', bob));
    const two = reads.client(fakeClient(api, 'two', bob));
    await one.request(pods('shop-dev'));
    await one.request(pods('shop-staging'));
    await one.request(pods('shop-dev', 'app=other'));
    await one.request({
      ...pods('shop-dev'),
      query: { labelSelector: 'app=shop', limit: 1 },
    });
    await one.request({ path: '/api/v1/namespaces/shop-dev/events' });
    await two.request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(6);
    await one.request(pods('shop-dev'));
    await two.request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(6);
  });

  it.each<[string, KubernetesRequest]>([
    ['a Secret list', { path: '/api/v1/namespaces/shop-dev/secrets' }],
    ['a ConfigMap list', { path: '/api/v1/namespaces/shop-dev/configmaps' }],
    ['one pod', { path: '/api/v1/namespaces/shop-dev/pods/shop-1' }],
    ['a log', { path: '/api/v1/namespaces/shop-dev/pods/shop-1/log' }],
    [
      'a write',
      { method: 'PATCH', path: '/api/v1/namespaces/shop-dev/pods', body: {} },
    ],
    [
      'an abortable read',
      { ...pods('shop-dev'), signal: new AbortController().signal },
    ],
    ['a read that wants warnings', { ...pods('shop-dev'), warnings: [] }],
  ])('never shares %s', async (_what, request) => {
    expect(sharedReadKey('one', request)).toBeUndefined();
    const client = reads.client(fakeClient(api, 'one', bob));
    await client.request(request);
    await client.request(request);
    expect(api).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read: the next caller asks the API server again', async () => {
    api.mockRejectedValueOnce(new Error('connection reset'));
    const client = reads.client(fakeClient(api, 'one', bob));
    await expect(client.request(pods('shop-dev'))).rejects.toThrow(
      'connection reset',
    );
    await expect(client.request(pods('shop-dev'))).resolves.toEqual({
      items: [{ name: 'one/api/v1/namespaces/shop-dev/pods' }],
    });
    expect(api).toHaveBeenCalledTimes(2);
  });

  it('keeps sharing on a client made for another user with withIdentity', async () => {
    const client = reads.client(fakeClient(api, 'one'));
    await client.withIdentity(bob).request(pods('shop-dev'));
    await client.withIdentity(ann).request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(1);
  });

  it('gives registry clients that share, keeping the registry fan-out', async () => {
    const fanOut = ClusterFanOut.create();
    const registry = {
      list: () => [{ name: 'one' }],
      client: async (name: string, identity?: ClusterIdentity) =>
        fakeClient(api, name, identity),
      fanOut,
    } as unknown as ClusterRegistry;
    const shared = reads.registry(registry);
    expect(shared.fanOut).toBe(fanOut);
    expect(shared.list()).toEqual([{ name: 'one' }]);
    await (await shared.client('one', bob)).request(pods('shop-dev'));
    await (await shared.client('one', ann)).request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(1);
  });

  it('shares nothing with a TTL of 0', async () => {
    const off = new SharedClusterReads(0);
    const client = fakeClient(api, 'one', bob);
    expect(off.client(client)).toBe(client);
    await off.client(client).request(pods('shop-dev'));
    await off.client(client).request(pods('shop-dev'));
    expect(api).toHaveBeenCalledTimes(2);
  });

  it('reads paved.sharedReads.ttlMs, refusing a value that is not a few seconds', () => {
    const config = (data: object) => mockServices.rootConfig({ data });
    expect(SharedClusterReads.fromConfig(config({})).ttlMs).toBe(3000);
    expect(
      SharedClusterReads.fromConfig(
        config({ paved: { sharedReads: { ttlMs: 0 } } }),
      ).ttlMs,
    ).toBe(0);
    expect(() =>
      SharedClusterReads.fromConfig(
        config({ paved: { sharedReads: { ttlMs: 600000 } } }),
      ),
    ).toThrow(/paved.sharedReads.ttlMs must be a whole number/);
  });
});
