import { CostAmounts, TeamBudget } from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  BudgetConfig,
  BudgetState,
  BudgetStatus,
  CostReport,
  evaluateBudgets,
} from '@paved/plugin-paved-node';

const STATES: BudgetState[] = ['ok', 'warning', 'over'];

/**
 * The budget status of a team, from its group's `paved.dev/monthly-budget` annotation or
 * `paved.cost.budgets`; undefined when the team has no budget.
 */
export function teamBudget(
  budgets: BudgetConfig,
  team: {
    ref: string;
    group?: Entity;
    monthToDate: CostAmounts;
    projected: number;
    currency: string;
  },
): TeamBudget | undefined {
  const { ref, monthToDate, projected } = team;
  // a one-team report carrying the amounts as the cost views project them
  const report: CostReport = {
    dimension: 'team',
    cluster: '',
    currency: team.currency,
    monthStart: 0,
    now: 0,
    elapsedHours: 0,
    monthHours: 0,
    days: [],
    groups: [{ key: ref, name: ref, ...monthToDate, projected, daily: [] }],
    total: { ...monthToDate, projected, daily: [] },
  };
  const configured = budgets.budgets.get(ref);
  const [status] = evaluateBudgets(report, {
    config: {
      budgets: new Map(configured === undefined ? [] : [[ref, configured]]),
      warningThreshold: budgets.warningThreshold,
    },
    groups: team.group ? [team.group] : [],
  });
  return status ? budgetView(status) : undefined;
}

/** A budget status with the worse of its two states as `status`. */
export function budgetView(status: BudgetStatus): TeamBudget {
  const { team: _team, ...rest } = status;
  const worst = Math.max(
    STATES.indexOf(status.monthToDate.state),
    STATES.indexOf(status.projected.state),
  );
  return { ...rest, status: STATES[worst] };
}
