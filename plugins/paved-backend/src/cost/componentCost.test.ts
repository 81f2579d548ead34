import { ServiceUnavailableError } from '@backstage/errors';
import {
  BOB,
  CHECKOUT,
  END,
  FakeCostSource,
  clusterInput,
  entity,
  fakeCostService,
  H,
} from './__testUtils__/fakeCost';

const checkoutApi = entity('Component', 'checkout-api', {
  owner: CHECKOUT,
  annotations: { 'backstage.io/kubernetes-id': 'checkout-api' },
});
const sum = (lines: Array<{ total: number }>) =>
  lines.reduce((s, l) => s + l.total, 0);

describe('componentCost', () => {
  it('charges the objects labelled with the component in its team’s environments', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.componentCost(checkoutApi, BOB);

    // one load of the team's two environments, over the window ending a minute before now
    expect(source.loads).toEqual([
      expect.objectContaining({
        namespaces: ['checkout-dev', 'checkout-production'],
        end: END,
      }),
    ]);
    expect(cost).toMatchObject({
      entityRef: 'component:default/checkout-api',
      kubernetesId: 'checkout-api',
      currency: 'USD',
      monthStart: '2025-06-01T00:00:00.000Z',
      now: '2025-06-11T00:00:00.000Z',
      observedSince: new Date((END - 10 * H) * 1000).toISOString(),
      notes: [],
      rightsizingDays: 7,
    });
    // 1 + 2 cores for 10 h at 0.04, and the load balancer's 240 h at 0.025
    expect(cost.breakdown.cpu).toBeCloseTo(1.2, 9);
    expect(cost.breakdown.loadBalancer).toBeCloseTo(6, 9);
    expect(cost.monthToDate).toBeCloseTo(7.2, 9);
    expect(cost.daily.reduce((s, d) => s + d, 0)).toBeCloseTo(7.2, 9);
    // pods at their rate over the 10 observed hours, the load balancer over the month's 720 hours
    expect(cost.projected).toBeCloseTo((1.2 / 10) * 720 + 0.025 * 720, 9);

    expect(
      cost.byEnvironment.map(l => [l.environment, l.namespace, l.total]),
    ).toEqual([
      ['production', 'checkout-production', expect.closeTo(6.8, 9)],
      ['dev', 'checkout-dev', expect.closeTo(0.4, 9)],
    ]);
    expect(cost.byEnvironment[1].projected).toBeCloseTo(28.8, 9);
    expect(sum(cost.byWorkload)).toBeCloseTo(cost.monthToDate, 9);
    expect(cost.byWorkload.every(l => l.cluster === 'local')).toBe(true);

    expect(
      cost.topDrivers.map(d => [d.environment, d.resource, d.monthToDate]),
    ).toEqual([
      ['production', 'loadBalancer', expect.closeTo(6, 9)],
      ['production', 'cpu', expect.closeTo(0.8, 9)],
      ['dev', 'cpu', expect.closeTo(0.4, 9)],
    ]);
    expect(cost.topDrivers[0].share).toBeCloseTo(6 / 7.2, 9);

    // the dev pod uses a tenth of its core; the production pod reports no usage
    expect(cost.rightsizing).toEqual([
      expect.objectContaining({
        cluster: 'local',
        namespace: 'checkout-dev',
        environment: 'dev',
        workload: 'checkout-api',
        cpu: expect.objectContaining({ request: 1, change: 'lower' }),
      }),
    ]);
    expect(cost.rightsizing[0].monthlySaving).toBeGreaterThan(0);
  });

  it('says why nothing is charged to a component without a kubernetes-id', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.componentCost(
      entity('Component', 'docs', { owner: CHECKOUT }),
      BOB,
    );
    expect(source.loads).toEqual([]);
    expect(cost).toMatchObject({
      entityRef: 'component:default/docs',
      monthToDate: 0,
      projected: 0,
      currency: 'USD',
      byEnvironment: [],
      topDrivers: [],
      notes: [
        'component:default/docs has no backstage.io/kubernetes-id annotation, so no cost can be attributed to it. Add the annotation and label its workloads with it.',
      ],
    });
    expect(cost.days).toHaveLength(30);
    expect(cost.days.at(-1)).toBe('2025-06-11');
    expect(cost).not.toHaveProperty('kubernetesId');
  });

  it('leaves out a cluster without a price table, saying so', async () => {
    const { service, source } = fakeCostService({ prices: new Map() });
    const cost = await service.componentCost(checkoutApi, BOB);
    expect(source.loads).toEqual([]);
    expect(cost.monthToDate).toBe(0);
    expect(cost.notes).toEqual([
      'Cluster local has no price table (paved.cost.prices.local), so its costs are left out.',
    ]);
  });

  it('says so when the component is not owned by a group', async () => {
    const { service } = fakeCostService();
    const cost = await service.componentCost(
      entity('Component', 'orphan', {
        annotations: { 'backstage.io/kubernetes-id': 'orphan' },
      }),
      BOB,
    );
    expect(cost.notes).toEqual([
      'component:default/orphan is not owned by a group, so it has no team environments.',
    ]);
  });
});

describe('componentCost when a cluster\u2019s Prometheus is down', () => {
  it('answers without that cluster, names it as prometheus-unreachable and says what cannot be shown', async () => {
    const source = new FakeCostSource(clusterInput());
    jest
      .spyOn(source, 'load')
      .mockRejectedValue(
        new ServiceUnavailableError(
          'Prometheus at http://127.0.0.1:19190 is unreachable (fetch failed)',
        ),
      );
    const { service } = fakeCostService({ source });
    const cost = await service.componentCost(checkoutApi, BOB);
    expect(cost.unavailableClusters).toEqual([
      {
        cluster: 'local',
        kind: 'prometheus-unreachable',
        reason:
          'Prometheus of cluster local unreachable: Prometheus at http://127.0.0.1:19190 is unreachable (fetch failed); metrics and cost of its environments are missing until it answers',
      },
    ]);
    expect(cost.notes).toEqual([
      'The cost of checkout-dev, checkout-production on local cannot be shown: Prometheus of cluster local unreachable: Prometheus at http://127.0.0.1:19190 is unreachable (fetch failed); metrics and cost of its environments are missing until it answers',
    ]);
    expect(cost.monthToDate).toBe(0);
    expect(cost.byEnvironment).toEqual([]);
  });
});
