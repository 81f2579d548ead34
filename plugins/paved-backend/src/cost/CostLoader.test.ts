import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  CostLoadOptions,
  KubernetesClient,
  PrometheusClient,
} from '@paved/plugin-paved-node';
import { CostLoader, CostSourceFactory } from './CostLoader';
import {
  clusterInput,
  END,
  FakeCostSource,
  NOW_MS,
  PRICES,
} from './__testUtils__/fakeCost';

const config = {
  prices: new Map([['local', PRICES]]),
  budgets: { budgets: new Map(), warningThreshold: 0.8 },
  prometheus: new Map([['local', new PrometheusClient('http://unused')]]),
  scrapeIntervals: new Map([['local', 15]]),
};
/** Stands for the signed-in user's client; the fake source never calls it. */
const asUser = {} as KubernetesClient;

/** A NotAllowedError from another copy of `@backstage/errors`: same name, another class. */
class ForeignNotAllowedError extends Error {
  name = 'NotAllowedError';
}

describe('CostLoader', () => {
  it('reuses a load for a minute per cluster and set of namespaces', async () => {
    let now = NOW_MS;
    const source = new FakeCostSource(clusterInput());
    const loader = new CostLoader({
      config,
      logger: mockServices.logger.mock(),
      source: () => source,
      now: () => now,
    });
    const target = {
      cluster: 'local',
      namespaces: ['search-dev', 'checkout-dev'],
      asUser,
    };
    const first = await loader.load(target, []);
    expect(first?.input.pods.map(p => p.pod)).toEqual([
      'checkout-api-0',
      'search-api-0',
    ]);
    expect(source.loads).toEqual([
      {
        start: Date.UTC(2025, 4, 13) / 1000,
        end: END,
        namespaces: ['checkout-dev', 'search-dev'],
        lifetimeResolution: 15,
      },
    ]);
    // the same namespaces in another order, within the minute: no new load
    await loader.load(
      { ...target, namespaces: ['checkout-dev', 'search-dev'] },
      [],
    );
    // the whole cluster is another key
    await loader.load({ cluster: 'local', asUser }, []);
    expect(source.loads).toHaveLength(2);
    now += 60_000;
    await loader.load(target, []);
    expect(source.loads).toHaveLength(3);
  });

  it.each([
    ['this copy of @backstage/errors', NotAllowedError],
    ['another copy of @backstage/errors', ForeignNotAllowedError],
  ])(
    'charges the pods alone, with a note, when the user may not list volumes and load balancers (NotAllowedError from %s)',
    async (_copy, ForbiddenError) => {
      const pods = new FakeCostSource(clusterInput());
      const source: CostSourceFactory = options => ({
        load: async (load: CostLoadOptions) => {
          if (options.kubernetes) {
            throw new ForbiddenError('persistentvolumeclaims is forbidden');
          }
          return pods.load(load);
        },
        httpRequests: async () => ({}),
      });
      const loader = new CostLoader({
        config,
        logger: mockServices.logger.mock(),
        source,
        now: () => NOW_MS,
      });
      const notes: string[] = [];
      const loaded = await loader.load(
        { cluster: 'local', namespaces: ['checkout-dev'], asUser },
        notes,
      );
      expect(loaded?.input.pods).toHaveLength(1);
      expect(notes).toEqual([
        'Storage and load balancers on local are left out: persistentvolumeclaims is forbidden',
      ]);
      // a cluster without a Prometheus loads nothing
      expect(
        await loader.load({ cluster: 'other', asUser }, notes),
      ).toBeUndefined();
    },
  );
});
