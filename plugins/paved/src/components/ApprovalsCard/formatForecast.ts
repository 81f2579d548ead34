import { CostForecast } from '@paved/plugin-paved-common';

/** An amount with its sign and two decimals: `+12.34`, `-3.00`. */
function signed(amount: number): string {
  return `${amount < 0 ? '-' : '+'}${Math.abs(amount).toFixed(2)}`;
}

/**
 * A change's monthly cost delta: `+12.34 USD/month`, or the HPA range `+10.00..+20.00 USD/month` when its
 * minimum and maximum differ.
 */
export function formatDelta(cost: CostForecast): string {
  const { min, max } = cost.delta;
  const amount =
    min.toFixed(2) === max.toFixed(2)
      ? signed(min)
      : `${signed(min)}..${signed(max)}`;
  return `${amount} ${cost.currency}/month`;
}

/**
 * The owning team's budget after a change:
 * `team-checkout: projected 410.00 → 432.50 of 400.00 USD (over budget)`.
 */
export function formatBudget(
  budget: NonNullable<CostForecast['budget']>,
  currency: string,
): string {
  return `${budget.team}: projected ${budget.projected.toFixed(
    2,
  )} → ${budget.projectedAfter.toFixed(2)} of ${budget.budget.toFixed(
    2,
  )} ${currency} (${budget.over ? 'over budget' : 'within budget'})`;
}
