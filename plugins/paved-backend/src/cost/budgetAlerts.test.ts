import { TeamsCost } from '@paved/plugin-paved-common';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { BudgetAlertLog, checkBudgets } from './budgetAlerts';

jest.setTimeout(60_000);

type Status = 'ok' | 'warning' | 'over';

/** The all-teams view with one team's budget status, as the cost service would answer. */
function view(month: string, status: Status | undefined): TeamsCost {
  return {
    currency: 'USD',
    monthStart: `${month}-01T00:00:00.000Z`,
    now: `${month}-21T10:00:00.000Z`,
    observedSince: `${month}-01T00:00:00.000Z`,
    days: [],
    teams: [
      {
        team: 'group:default/team-search',
        monthToDate: 30.5,
        projected: 72,
        breakdown: {
          cpu: 30,
          memory: 0.5,
          storage: 0,
          loadBalancer: 0,
          idle: 0,
          total: 30.5,
        },
        ...(status && {
          budget: {
            budget: 40,
            currency: 'USD',
            source: 'annotation' as const,
            warningThreshold: 0.8,
            monthToDate: { amount: 30.5, ratio: 0.76, state: 'ok' as const },
            projected: { amount: 72, ratio: 1.8, state: status },
            status,
          },
        }),
      },
    ],
    unallocated: 0,
    idle: 0,
    notes: [],
  } as TeamsCost;
}

describe('budget alerts', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'tells a team once per state it reaches in a month, and again next month, on %s',
    async databaseId => {
      const log = await BudgetAlertLog.create({
        database: await testDatabaseService(databases, databaseId),
      });
      const budgetAlert = jest.fn().mockResolvedValue(true);
      const run = (month: string, status: Status | undefined) =>
        checkBudgets({
          cost: { teamsCost: async () => view(month, status) },
          catalog: catalogServiceMock({ entities: [] }),
          auth: mockServices.auth(),
          notifier: { budgetAlert },
          log,
        });

      expect(await run('2026-11', 'ok')).toEqual([]);
      expect(await run('2026-11', undefined)).toEqual([]);
      expect(await run('2026-11', 'warning')).toEqual([
        'group:default/team-search',
      ]);
      expect(await run('2026-11', 'warning')).toEqual([]);
      expect(await run('2026-11', 'over')).toEqual([
        'group:default/team-search',
      ]);
      // back to warning within the month: already told about worse
      expect(await run('2026-11', 'warning')).toEqual([]);
      expect(await run('2026-11', 'over')).toEqual([]);
      // a new month starts afresh
      expect(await run('2026-12', 'over')).toEqual([
        'group:default/team-search',
      ]);
      expect(budgetAlert.mock.calls.map(([a]) => [a.month, a.state])).toEqual([
        ['2026-11', 'warning'],
        ['2026-11', 'over'],
        ['2026-12', 'over'],
      ]);
      expect(budgetAlert.mock.calls[1][0]).toEqual({
        team: 'group:default/team-search',
        state: 'over',
        month: '2026-11',
        budget: '$40.00',
        monthToDate: '$30.50',
        projected: '$72.00',
      });
      expect(await log.notified('group:default/team-search', '2026-11')).toBe(
        'over',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'tries again when the notification could not be sent, on %s',
    async databaseId => {
      const log = await BudgetAlertLog.create({
        database: await testDatabaseService(databases, databaseId),
      });
      const budgetAlert = jest
        .fn()
        .mockResolvedValueOnce(false)
        .mockResolvedValue(true);
      const run = () =>
        checkBudgets({
          cost: { teamsCost: async () => view('2026-11', 'over') },
          catalog: catalogServiceMock({ entities: [] }),
          auth: mockServices.auth(),
          notifier: { budgetAlert },
          log,
        });
      expect(await run()).toEqual([]);
      expect(await log.notified('group:default/team-search', '2026-11')).toBe(
        undefined,
      );
      expect(await run()).toEqual(['group:default/team-search']);
      expect(budgetAlert).toHaveBeenCalledTimes(2);
    },
  );
});
