/** Fewest days the daily cost chart shows when it follows a shorter range. */
export const MIN_CHART_DAYS = 7;

/**
 * The days of a daily cost series (UTC dates `YYYY-MM-DD`, oldest first) that a window (unix seconds)
 * covers, widened to at least `minDays` days ending on the window's last day, so that a one-hour range still
 * shows the trend it sits in. Without a window, all days.
 */
export function daysInWindow(
  days: string[],
  values: number[],
  window: { start: number; end: number } | undefined,
  minDays = MIN_CHART_DAYS,
): { days: string[]; values: number[] } {
  if (!window) return { days, values };
  const dayOf = (seconds: number) =>
    new Date(seconds * 1000).toISOString().slice(0, 10);
  const last = dayOf(window.end);
  const earliestForMinimum = dayOf(window.end - (minDays - 1) * 86400);
  const first = [dayOf(window.start), earliestForMinimum].sort()[0];
  const kept = days
    .map((day, i) => ({ day, value: values[i] }))
    .filter(d => d.day >= first && d.day <= last);
  return { days: kept.map(d => d.day), values: kept.map(d => d.value) };
}
