import { CostTotals } from '@paved/plugin-paved-common';
import { InputError } from '@backstage/errors';
import { CostPrices, CostReport, costWindow } from '@paved/plugin-paved-node';
import { addAmounts, addDaily, amountsOf, zeroAmounts } from './costAmounts';
import { CostContext } from './costContext';
import { project, Projection } from './projection';
import { ScopeReport } from './scopeReports';

/** One cluster's report of a scope, with its projection and when its history starts. */
export interface TotalsPart {
  report: CostReport;
  projection: Projection;
  since: number;
}

/**
 * The month-to-date totals of a scope's reports on several clusters.
 *
 * @throws InputError when the clusters' price tables use different currencies.
 */
export function sumTotals(parts: TotalsPart[], notes: string[]): CostTotals {
  const currencies = new Set(parts.map(p => p.report.currency));
  if (currencies.size > 1) {
    throw new InputError(
      `The clusters' price tables use different currencies (${[
        ...currencies,
      ].join(
        ', ',
      )}); set the same paved.cost.prices.<cluster>.currency on every cluster`,
    );
  }
  const first = parts[0].report;
  let breakdown = zeroAmounts();
  let projected = 0;
  const daily = new Array<number>(first.days.length).fill(0);
  for (const { report, projection } of parts) {
    breakdown = addAmounts(breakdown, amountsOf(report.total));
    projected += project(report.total, projection);
    addDaily(daily, report.total.daily);
  }
  return {
    currency: first.currency,
    monthStart: new Date(first.monthStart * 1000).toISOString(),
    now: new Date(first.now * 1000).toISOString(),
    observedSince: new Date(
      Math.min(...parts.map(p => p.since)) * 1000,
    ).toISOString(),
    days: first.days,
    monthToDate: breakdown.total,
    projected,
    breakdown,
    daily,
    notes,
  };
}

/**
 * Totals of nothing at `nowMs`, for scopes without environments or prices, in the currency of the first
 * price table (USD without any).
 */
export function emptyTotals(
  prices: Map<string, CostPrices>,
  nowMs: number,
  notes: string[],
): CostTotals {
  const end = Math.floor(nowMs / 1000);
  const window = costWindow(end);
  const date = new Date(end * 1000);
  const monthStart =
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
  const days = Array.from({ length: 30 }, (_, d) =>
    new Date((Math.floor(end / 86_400) - 29 + d) * 86_400_000)
      .toISOString()
      .slice(0, 10),
  );
  const currency = [...prices.values()][0]?.currency ?? 'USD';
  return {
    currency,
    monthStart: new Date(monthStart * 1000).toISOString(),
    now: new Date(window.end * 1000).toISOString(),
    observedSince: new Date(monthStart * 1000).toISOString(),
    days,
    monthToDate: 0,
    projected: 0,
    breakdown: zeroAmounts(),
    daily: new Array(30).fill(0),
    notes,
  };
}

/**
 * The totals of the first report of each scope, or empty totals (with the notes) when there are none.
 */
export function totalsOf(
  context: Pick<CostContext, 'config' | 'now'>,
  present: ScopeReport[],
  notes: string[],
): CostTotals {
  if (present.length === 0) {
    return emptyTotals(context.config.prices, context.now(), notes);
  }
  return sumTotals(
    present.map(p => ({
      report: p.reports[0],
      projection: p.projection,
      since: p.since,
    })),
    notes,
  );
}
