import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { BudgetState } from '@paved/plugin-paved-common';
import { PavedStore } from '../database/PavedStore';
import { PavedNotifier } from '../notifications/PavedNotifier';
import { CostService } from './CostService';
import { teamGroups } from './teamGroups';

const TABLE = 'paved_budget_alerts';
const RANK: Record<BudgetState, number> = { ok: 0, warning: 1, over: 2 };

/** The budget alerts sent, per team and month (table `paved_budget_alerts`). */
export class BudgetAlertLog extends PavedStore {
  /** The worst state a team was told about in a month, if any. */
  async notified(
    team: string,
    month: string,
  ): Promise<BudgetState | undefined> {
    const row = await this.db(TABLE).where({ team, month }).first();
    return row?.state;
  }

  /** Records that a team was told about a state in a month. */
  async record(
    team: string,
    month: string,
    state: BudgetState,
    now: Date = new Date(),
  ): Promise<void> {
    await this.db(TABLE)
      .insert({ team, month, state, notified_at: now })
      .onConflict(['team', 'month'])
      .merge(['state', 'notified_at']);
  }
}

/**
 * One budget check: every team's budget status from the all-teams cost view; a team whose status got worse
 * this month than it was told (ok → warning → over) gets a notification, recorded once it was sent.
 * Returns the teams notified.
 */
export async function checkBudgets(deps: {
  cost: Pick<CostService, 'teamsCost'>;
  catalog: CatalogService;
  auth: AuthService;
  notifier: Pick<PavedNotifier, 'budgetAlert'>;
  log: BudgetAlertLog;
  /** Stops before the next team once aborted (the backend is shutting down). */
  signal?: AbortSignal;
}): Promise<string[]> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const view = await deps.cost.teamsCost(
    await teamGroups(deps.catalog, credentials),
  );
  const month = view.monthStart.slice(0, 7);
  const money = (amount: number) =>
    new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency: view.currency,
    }).format(amount);
  const notified: string[] = [];
  for (const team of view.teams) {
    if (deps.signal?.aborted) break;
    const state = team.budget?.status;
    if (!team.budget || !state || state === 'ok') continue;
    const before = await deps.log.notified(team.team, month);
    if (before && RANK[before] >= RANK[state]) continue;
    const sent = await deps.notifier.budgetAlert({
      team: team.team,
      state,
      month,
      budget: money(team.budget.budget),
      monthToDate: money(team.monthToDate),
      projected: money(team.projected),
    });
    if (sent) {
      await deps.log.record(team.team, month, state);
      notified.push(team.team);
    }
  }
  return notified;
}

/**
 * Runs {@link checkBudgets} every `paved.cost.alerts.frequencyMinutes` (default 60), on one replica at a
 * time, unless `paved.cost.alerts.enabled` is false.
 */
export async function scheduleBudgetAlerts(deps: {
  scheduler: SchedulerService;
  logger: LoggerService;
  frequencyMinutes: number;
  check: (signal?: AbortSignal) => Promise<string[]>;
}) {
  await deps.scheduler.scheduleTask({
    id: 'paved-budget-alerts',
    frequency: { minutes: deps.frequencyMinutes },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 60 },
    fn: async signal => {
      try {
        const teams = await deps.check(signal);
        if (teams.length > 0) {
          deps.logger.info(`Budget alerts sent to ${teams.join(', ')}`);
        }
      } catch (error) {
        deps.logger.warn(`Budget check failed: ${error}`);
      }
    },
  });
}
