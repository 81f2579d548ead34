import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { BudgetState, TeamBudget } from '@paved/plugin-paved-common';
import { CostReport } from './aggregate';
import { IDLE_GROUP, UNALLOCATED_GROUP } from './costGroups';

/**
 * Annotation on a catalog Group holding the team's monthly budget in the price table's currency, e.g.
 * `"1200"`.
 *
 * @public
 */
export const MONTHLY_BUDGET_ANNOTATION = 'paved.dev/monthly-budget';

/**
 * Share of the budget from which a team's status is `warning`, unless configured.
 *
 * @public
 */
export const DEFAULT_BUDGET_WARNING_THRESHOLD = 0.8;

export type { BudgetState } from '@paved/plugin-paved-common';

/**
 * Budgets from `paved.cost.budgets` (group ref → monthly amount) and `paved.cost.budgetWarningThreshold`.
 *
 * @public
 */
export interface BudgetConfig {
  /** Monthly budgets keyed by full group ref (`group:default/team-checkout`). */
  budgets: Map<string, number>;
  warningThreshold: number;
}

/**
 * A team's spending against its budget: the cost views' `TeamBudget` for one team, without the worse of
 * the two states.
 *
 * @public
 */
export interface BudgetStatus extends Omit<TeamBudget, 'status'> {
  /** The team's group ref. */
  team: string;
}

/**
 * The parts of a catalog Group entity that carry a budget.
 *
 * @public
 */
export interface BudgetGroup {
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
}

function parseAmount(raw: unknown, where: string): number {
  const value =
    typeof raw === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(raw)
      ? Number(raw)
      : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InputError(
      `${where} must be a positive monthly amount such as "1200" (in the price table's currency, no currency sign), got ${JSON.stringify(
        raw,
      )}`,
    );
  }
  return value;
}

/** `team-checkout` → `group:default/team-checkout`; full refs are lower-cased. */
function groupRef(key: string): string {
  const ref = key.includes(':') ? key : `group:${key}`;
  return (
    ref.includes('/') ? ref : ref.replace(':', ':default/')
  ).toLocaleLowerCase('en-US');
}

/**
 * Reads `paved.cost.budgets` (an object from group ref, or group name in the default namespace, to monthly
 * amount) and `paved.cost.budgetWarningThreshold` (a share of the budget, default 0.8).
 *
 * @throws InputError naming the key when an amount or the threshold is invalid.
 * @public
 */
export function readBudgetConfig(config: Config): BudgetConfig {
  const raw = config.getOptional('paved.cost.budgets');
  const budgets = new Map<string, number>();
  if (raw !== undefined) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new InputError(
        'paved.cost.budgets must be an object from group ref to monthly amount, e.g. { "group:default/team-checkout": 1200 }',
      );
    }
    for (const [key, value] of Object.entries(raw)) {
      budgets.set(
        groupRef(key),
        parseAmount(value, `paved.cost.budgets.${key}`),
      );
    }
  }
  const threshold = config.getOptional('paved.cost.budgetWarningThreshold');
  const warningThreshold =
    threshold === undefined
      ? DEFAULT_BUDGET_WARNING_THRESHOLD
      : Number(threshold);
  if (
    threshold === null ||
    typeof threshold === 'boolean' ||
    !Number.isFinite(warningThreshold) ||
    warningThreshold <= 0 ||
    warningThreshold > 1
  ) {
    throw new InputError(
      `paved.cost.budgetWarningThreshold must be a share of the budget above 0 and at most 1, e.g. 0.8, got ${JSON.stringify(
        threshold,
      )}`,
    );
  }
  return { budgets, warningThreshold };
}

/**
 * The monthly budget a Group entity declares with the `MONTHLY_BUDGET_ANNOTATION` annotation.
 *
 * @throws InputError when the annotation is not an amount.
 * @public
 */
export function budgetOfGroup(group: BudgetGroup): number | undefined {
  const raw = group.metadata.annotations?.[MONTHLY_BUDGET_ANNOTATION];
  if (raw === undefined) return undefined;
  return parseAmount(
    raw,
    `Annotation ${MONTHLY_BUDGET_ANNOTATION} of group:${
      group.metadata.namespace ?? 'default'
    }/${group.metadata.name}`,
  );
}

/**
 * The state of an amount against a budget: `over` above the budget, `warning` from
 * `threshold × budget`, `ok` below.
 *
 * @public
 */
export function budgetState(
  amount: number,
  budget: number,
  threshold: number = DEFAULT_BUDGET_WARNING_THRESHOLD,
): BudgetState {
  if (amount > budget) return 'over';
  if (amount >= threshold * budget) return 'warning';
  return 'ok';
}

/**
 * Budget statuses of the teams of a team report (`aggregateCosts(result, 'team')`). A team's budget comes
 * from its Group's `MONTHLY_BUDGET_ANNOTATION` annotation when the group is given and annotated, else
 * from `paved.cost.budgets`; teams without a budget are left out. Teams in the config or among the
 * groups that have no cost yet are reported with 0 spent.
 *
 * @public
 */
export function evaluateBudgets(
  report: CostReport,
  options: { config: BudgetConfig; groups?: BudgetGroup[] },
): BudgetStatus[] {
  if (report.dimension !== 'team') {
    throw new InputError(
      `Budgets are evaluated on a team report, not a ${report.dimension} report`,
    );
  }
  const budgets = new Map<
    string,
    { budget: number; source: 'annotation' | 'config' }
  >();
  for (const [team, budget] of options.config.budgets) {
    budgets.set(team, { budget, source: 'config' });
  }
  for (const group of options.groups ?? []) {
    const budget = budgetOfGroup(group);
    if (budget !== undefined) {
      const ref = `group:${group.metadata.namespace ?? 'default'}/${
        group.metadata.name
      }`.toLocaleLowerCase('en-US');
      budgets.set(ref, { budget, source: 'annotation' });
    }
  }
  const threshold = options.config.warningThreshold;
  const statuses: BudgetStatus[] = [];
  for (const [team, { budget, source }] of budgets) {
    if (team === UNALLOCATED_GROUP || team === IDLE_GROUP) continue;
    const group = report.groups.find(g => g.key === team);
    const monthToDate = group?.total ?? 0;
    const projected = group?.projected ?? 0;
    const ratio = (amount: number) => amount / budget;
    statuses.push({
      team,
      budget,
      currency: report.currency,
      source,
      warningThreshold: threshold,
      monthToDate: {
        amount: monthToDate,
        ratio: ratio(monthToDate),
        state: budgetState(monthToDate, budget, threshold),
      },
      projected: {
        amount: projected,
        ratio: ratio(projected),
        state: budgetState(projected, budget, threshold),
      },
    });
  }
  return statuses.sort((a, b) => a.team.localeCompare(b.team));
}
