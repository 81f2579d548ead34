import {
  BOB,
  CHECKOUT,
  entity,
  fakeCostService,
  SEARCH,
} from './__testUtils__/fakeCost';

describe('teamCost', () => {
  it('charges a team’s environments, with its budget and idle ephemeral environments', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.teamCost(
      entity('Group', 'team-checkout', { spec: { type: 'team' } }),
      BOB,
    );

    expect(cost).toMatchObject({ entityRef: CHECKOUT, notes: [] });
    // 1 + 2 + 0.5 cores for 10 h at 0.04, and a load balancer's 240 h at 0.025
    expect(cost.monthToDate).toBeCloseTo(7.4, 9);
    const projected = (1.4 / 10) * 720 + 0.025 * 720;
    expect(cost.projected).toBeCloseTo(projected, 9);
    expect(cost.byEnvironment.map(l => [l.environment, l.total])).toEqual([
      ['production', expect.closeTo(7, 9)],
      ['dev', expect.closeTo(0.4, 9)],
    ]);
    expect(cost.byComponent.map(l => [l.name, l.total, l.projected])).toEqual([
      ['checkout-api', expect.closeTo(7.2, 9), expect.closeTo(104.4, 9)],
      ['checkout-worker', expect.closeTo(0.2, 9), expect.closeTo(14.4, 9)],
    ]);
    // 100 from paved.cost.budgets: well within it so far, over it by the month's end
    expect(cost.budget).toEqual({
      budget: 100,
      currency: 'USD',
      source: 'config',
      warningThreshold: 0.8,
      monthToDate: {
        amount: expect.closeTo(7.4, 9),
        ratio: expect.closeTo(0.074, 9),
        state: 'ok',
      },
      projected: {
        amount: expect.closeTo(projected, 9),
        ratio: expect.closeTo(projected / 100, 9),
        state: 'over',
      },
      status: 'over',
    });
    // the ephemeral dev environment served no request in the last day
    expect(cost.idleEnvironments).toEqual([
      {
        cluster: 'local',
        namespace: 'checkout-dev',
        environment: 'dev',
        requests: 0,
        cost: expect.closeTo(0.4, 9),
      },
    ]);

    // the loaded input is reused within the minute
    await service.teamCost(entity('Group', 'team-checkout'), BOB);
    expect(source.loads).toHaveLength(1);
  });

  it('has no budget and no idle environment where none applies', async () => {
    const { service } = fakeCostService();
    const cost = await service.teamCost(entity('Group', 'team-search'), {
      user: 'user:default/dave',
      groups: [SEARCH],
    });
    expect(cost.monthToDate).toBeCloseTo(0.8, 9);
    expect(cost.projected).toBeCloseTo((0.8 / 20) * 720, 9);
    expect(cost).not.toHaveProperty('budget');
    expect(cost.idleEnvironments).toEqual([]);
  });

  it('says a team without environments is charged nothing', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.teamCost(entity('Group', 'team-platform'), BOB);
    expect(source.loads).toEqual([]);
    expect(cost).toMatchObject({
      monthToDate: 0,
      byEnvironment: [],
      idleEnvironments: [],
      notes: [
        'group:default/team-platform has no environments, so nothing is charged.',
      ],
    });
  });
});
