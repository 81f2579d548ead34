import { END, entity, fakeCostService, H } from './__testUtils__/fakeCost';

const groups = [
  entity('Group', 'team-checkout', {
    spec: { type: 'team', profile: { displayName: 'Checkout' } },
  }),
  entity('Group', 'team-search', {
    annotations: { 'paved.dev/monthly-budget': '40' },
    spec: { type: 'team' },
  }),
  entity('Group', 'team-platform', { spec: { type: 'team' } }),
  entity('Group', 'everyone', { spec: { type: 'organization' } }),
];

describe('teamsCost', () => {
  it('charges every namespace of the cluster to its team, with budgets', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.teamsCost(groups);

    // one load of the whole cluster
    expect(source.loads).toHaveLength(1);
    expect(source.loads[0].namespaces).toBeUndefined();
    expect(cost).toMatchObject({
      currency: 'USD',
      monthStart: '2025-06-01T00:00:00.000Z',
      now: '2025-06-11T00:00:00.000Z',
      observedSince: new Date((END - 20 * H) * 1000).toISOString(),
      idle: 0,
      notes: [],
    });
    expect(cost.days).toHaveLength(30);
    // kube-system has no team: 0.25 core for 10 h at 0.04
    expect(cost.unallocated).toBeCloseTo(0.1, 9);

    expect(cost.teams.map(t => [t.team, t.title, t.monthToDate])).toEqual([
      ['group:default/team-checkout', 'Checkout', expect.closeTo(7.4, 9)],
      ['group:default/team-search', undefined, expect.closeTo(0.8, 9)],
      ['group:default/team-platform', undefined, 0],
    ]);
    const [checkout, search, platform] = cost.teams;
    // each team projected over the hours its own pods were seen: 10 h and 20 h
    expect(checkout.projected).toBeCloseTo((1.4 / 10) * 720 + 0.025 * 720, 9);
    expect(search.projected).toBeCloseTo((0.8 / 20) * 720, 9);
    expect(checkout.breakdown.loadBalancer).toBeCloseTo(6, 9);
    expect(checkout.budget).toMatchObject({
      budget: 100,
      source: 'config',
      status: 'over',
    });
    expect(search.budget).toMatchObject({
      budget: 40,
      source: 'annotation',
      status: 'ok',
      projected: { amount: expect.closeTo(28.8, 9), state: 'ok' },
    });
    expect(platform).toEqual({
      team: 'group:default/team-platform',
      monthToDate: 0,
      projected: 0,
      breakdown: {
        cpu: 0,
        memory: 0,
        storage: 0,
        loadBalancer: 0,
        idle: 0,
        total: 0,
      },
    });
  });

  it('lists the teams with no cost when no cluster has prices', async () => {
    const { service, source } = fakeCostService({ prices: new Map() });
    const cost = await service.teamsCost(groups);
    expect(source.loads).toEqual([]);
    expect(cost).toMatchObject({
      currency: 'USD',
      monthStart: '2025-06-01T00:00:00.000Z',
      unallocated: 0,
      notes: [
        'Cluster local has no price table (paved.cost.prices.local), so its costs are left out.',
      ],
    });
    expect(cost.teams.map(t => [t.team, t.monthToDate])).toEqual([
      ['group:default/team-checkout', 0],
      ['group:default/team-platform', 0],
      ['group:default/team-search', 0],
    ]);
  });
});
