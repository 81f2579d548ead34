import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CostReport } from './aggregate';
import {
  budgetOfGroup,
  budgetState,
  evaluateBudgets,
  readBudgetConfig,
} from './budgets';

const config = (cost: object) => new ConfigReader({ paved: { cost } });

function teamReport(
  groups: Array<{ key: string; total: number; projected: number }>,
): CostReport {
  const zero = {
    cpu: 0,
    memory: 0,
    storage: 0,
    loadBalancer: 0,
    idle: 0,
    daily: [],
  };
  return {
    dimension: 'team',
    cluster: 'local',
    currency: 'EUR',
    monthStart: 0,
    now: 0,
    elapsedHours: 0,
    monthHours: 720,
    days: [],
    groups: groups.map(g => ({ ...zero, ...g, name: g.key })),
    total: { ...zero, total: 0, projected: 0 },
  };
}

describe('readBudgetConfig', () => {
  it('reads budgets by group ref or name and the warning threshold', () => {
    const read = readBudgetConfig(
      config({
        budgets: {
          'group:default/team-checkout': 1200,
          'team-search': '800.50',
          'group:ops/Team-Edge': 50,
        },
        budgetWarningThreshold: 0.9,
      }),
    );
    expect([...read.budgets]).toEqual([
      ['group:default/team-checkout', 1200],
      ['group:default/team-search', 800.5],
      ['group:ops/team-edge', 50],
    ]);
    expect(read.warningThreshold).toBe(0.9);
  });

  it('defaults to no budgets and a threshold of 0.8', () => {
    expect(readBudgetConfig(new ConfigReader({}))).toEqual({
      budgets: new Map(),
      warningThreshold: 0.8,
    });
  });

  it('names the key and the fix for invalid values', () => {
    expect(() =>
      readBudgetConfig(config({ budgets: { 'team-checkout': '$1200' } })),
    ).toThrow(
      'paved.cost.budgets.team-checkout must be a positive monthly amount such as "1200"',
    );
    expect(() =>
      readBudgetConfig(config({ budgets: { 'team-checkout': 0 } })),
    ).toThrow(InputError);
    expect(() =>
      readBudgetConfig(config({ budgetWarningThreshold: 80 })),
    ).toThrow(
      'paved.cost.budgetWarningThreshold must be a share of the budget above 0 and at most 1, e.g. 0.8, got 80',
    );
  });
});

describe('budgetOfGroup', () => {
  it('reads the paved.dev/monthly-budget annotation', () => {
    expect(
      budgetOfGroup({
        metadata: {
          name: 'team-checkout',
          annotations: { 'paved.dev/monthly-budget': '1200' },
        },
      }),
    ).toBe(1200);
    expect(budgetOfGroup({ metadata: { name: 'team-search' } })).toBe(
      undefined,
    );
    expect(() =>
      budgetOfGroup({
        metadata: {
          name: 'team-checkout',
          annotations: { 'paved.dev/monthly-budget': 'lots' },
        },
      }),
    ).toThrow(
      'Annotation paved.dev/monthly-budget of group:default/team-checkout must be a positive monthly amount',
    );
  });
});

describe('budgetState', () => {
  it('is ok below the threshold, warning from it, over above the budget', () => {
    // budget 1000, threshold 0.8: warning from 800, over above 1000
    expect(budgetState(799.99, 1000)).toBe('ok');
    expect(budgetState(800, 1000)).toBe('warning');
    expect(budgetState(1000, 1000)).toBe('warning');
    expect(budgetState(1000.01, 1000)).toBe('over');
    // threshold 0.9: 850 is still ok
    expect(budgetState(850, 1000, 0.9)).toBe('ok');
    expect(budgetState(900, 1000, 0.9)).toBe('warning');
  });
});

describe('evaluateBudgets', () => {
  it('judges month-to-date and projected spend against each team budget', () => {
    const statuses = evaluateBudgets(
      teamReport([
        // month-to-date 500 of 1200 (0.42, ok), projected 1100 (0.92, warning)
        { key: 'group:default/team-checkout', total: 500, projected: 1100 },
        // annotation budget 300 wins over config 2000: 260 is 0.87 (warning), projected 700 is over
        { key: 'group:default/team-search', total: 260, projected: 700 },
        { key: 'group:default/team-nobudget', total: 5, projected: 50 },
      ]),
      {
        config: {
          budgets: new Map([
            ['group:default/team-checkout', 1200],
            ['group:default/team-search', 2000],
            ['group:default/team-idle', 100],
          ]),
          warningThreshold: 0.8,
        },
        groups: [
          {
            metadata: {
              name: 'team-search',
              annotations: { 'paved.dev/monthly-budget': '300' },
            },
          },
        ],
      },
    );
    expect(statuses).toEqual([
      {
        team: 'group:default/team-checkout',
        budget: 1200,
        currency: 'EUR',
        source: 'config',
        warningThreshold: 0.8,
        monthToDate: { amount: 500, ratio: 500 / 1200, state: 'ok' },
        projected: { amount: 1100, ratio: 1100 / 1200, state: 'warning' },
      },
      {
        team: 'group:default/team-idle',
        budget: 100,
        currency: 'EUR',
        source: 'config',
        warningThreshold: 0.8,
        monthToDate: { amount: 0, ratio: 0, state: 'ok' },
        projected: { amount: 0, ratio: 0, state: 'ok' },
      },
      {
        team: 'group:default/team-search',
        budget: 300,
        currency: 'EUR',
        source: 'annotation',
        warningThreshold: 0.8,
        monthToDate: { amount: 260, ratio: 260 / 300, state: 'warning' },
        projected: { amount: 700, ratio: 700 / 300, state: 'over' },
      },
    ]);
  });

  it('needs a team report', () => {
    expect(() =>
      evaluateBudgets(
        { ...teamReport([]), dimension: 'workload' },
        { config: { budgets: new Map(), warningThreshold: 0.8 } },
      ),
    ).toThrow('Budgets are evaluated on a team report, not a workload report');
  });
});
