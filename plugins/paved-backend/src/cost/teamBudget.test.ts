import { budgetView, teamBudget } from './teamBudget';
import { CHECKOUT } from './__testUtils__/fakeCost';

const amounts = (total: number) => ({
  cpu: total,
  memory: 0,
  storage: 0,
  loadBalancer: 0,
  idle: 0,
  total,
});

describe('team budget', () => {
  it('gives a budget the worse of its month-to-date and projected states', () => {
    const status = {
      team: 'group:default/team-search',
      budget: 40,
      currency: 'USD',
      source: 'annotation' as const,
      warningThreshold: 0.8,
      monthToDate: { amount: 0.3, ratio: 0.0075, state: 'ok' as const },
      projected: { amount: 73, ratio: 1.825, state: 'over' as const },
    };
    expect(budgetView(status)).toEqual({
      budget: 40,
      currency: 'USD',
      source: 'annotation',
      warningThreshold: 0.8,
      monthToDate: status.monthToDate,
      projected: status.projected,
      status: 'over',
    });
  });

  it('judges a team against its configured budget and warning threshold', () => {
    const budgets = {
      budgets: new Map([[CHECKOUT, 100]]),
      warningThreshold: 0.8,
    };
    expect(
      teamBudget(budgets, {
        ref: CHECKOUT,
        monthToDate: amounts(30),
        projected: 85,
        currency: 'EUR',
      }),
    ).toEqual({
      budget: 100,
      currency: 'EUR',
      source: 'config',
      warningThreshold: 0.8,
      monthToDate: { amount: 30, ratio: 0.3, state: 'ok' },
      projected: { amount: 85, ratio: 0.85, state: 'warning' },
      status: 'warning',
    });
    // a team without a budget
    expect(
      teamBudget(budgets, {
        ref: 'group:default/team-search',
        monthToDate: amounts(30),
        projected: 85,
        currency: 'EUR',
      }),
    ).toBeUndefined();
  });
});
