import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { listEnvironments, listWorkloads } from '@paved/plugin-paved-node';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import { component } from '../__testUtils__/startPavedBackend';
import { OverviewService } from './OverviewService';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
  listWorkloads: jest.fn(),
}));

const identity = { user: 'user:default/ann', groups: ['group:default/shop'] };
const shop = component('shop', 'shop', 'shop');

/** Answers `listWorkloads` with one ready Deployment `shop` in the namespace asked for. */
const oneDeployment: typeof listWorkloads = async (_client, opts) => [
  {
    cluster: '',
    namespace: opts.namespace,
    environment: opts.environment,
    kind: 'Deployment',
    name: 'shop',
    desired: 1,
    ready: 1,
  },
];

describe('OverviewService with a cluster down', () => {
  it('shows the clusters that answer and names the one that does not', async () => {
    const clusters = fakeClusters({ a: ['shop-dev'], b: ['shop-stage'] });
    const listed = jest.mocked(listEnvironments).getMockImplementation()!;
    jest.mocked(listEnvironments).mockImplementation(async (service, opts) => {
      if (service.cluster.name === 'b') {
        throw new ServiceUnavailableError(
          'GET /api/v1/namespaces: cluster "b" at https://b:6443 is unreachable (connect ECONNREFUSED)',
        );
      }
      return listed(service, opts);
    });
    jest.mocked(listWorkloads).mockImplementation(oneDeployment);
    const overview = await new OverviewService(
      clusters,
      mockServices.logger.mock(),
    ).overview(shop, identity);
    const reason =
      'GET /api/v1/namespaces: cluster "b" at https://b:6443 is unreachable (connect ECONNREFUSED)';
    expect(overview.unavailableClusters).toEqual([
      { cluster: 'b', kind: 'unreachable', reason },
    ]);
    expect(overview.clusters).toEqual([
      { name: 'a', reachable: true },
      { name: 'b', reachable: false, error: reason },
    ]);
    expect(overview.environments.map(e => e.namespace)).toEqual(['shop-dev']);
    expect(overview.workloads.map(w => w.namespace)).toEqual(['shop-dev']);
    expect(overview.gaps).toEqual([]);
  });
});

describe('OverviewService for callers at the same moment', () => {
  it('builds one overview for the same user and entity asked for at once, and one per user otherwise', async () => {
    const clusters = fakeClusters({ a: ['shop-dev'] });
    jest.mocked(listWorkloads).mockReset();
    jest.mocked(listWorkloads).mockImplementation(oneDeployment);
    const service = new OverviewService(clusters, mockServices.logger.mock());
    const bob = { user: 'user:default/bob', groups: ['group:default/shop'] };
    const [first, second, bobs] = await Promise.all([
      service.overview(shop, identity),
      service.overview(shop, { ...identity, groups: [...identity.groups] }),
      service.overview(shop, bob),
    ]);
    expect(second).toBe(first);
    expect(bobs).not.toBe(first);
    expect(bobs.workloads).toEqual(first.workloads);
    expect(listWorkloads).toHaveBeenCalledTimes(2);
    // once built, the next caller builds anew (nothing is kept)
    await service.overview(shop, identity);
    expect(listWorkloads).toHaveBeenCalledTimes(3);
  });
});
