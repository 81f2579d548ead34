/**
 * The calendar of cost reports: UTC days and months, the report window and the month's projection.
 */

/** Seconds in a day. */
export const DAY = 86400;

/** Start of the UTC month of a time, unix seconds. */
export function monthStartOf(seconds: number): number {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}

/** Hours in the UTC month of a time. */
export function hoursInMonthOf(seconds: number): number {
  const date = new Date(seconds * 1000);
  return (
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) -
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)) /
    3_600_000
  );
}

/** The UTC date (`YYYY-MM-DD`) of a time. */
export function utcDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/**
 * The window to allocate for a cost report at `now`: from UTC midnight of the earlier of the month's first
 * day and the first of the last `days` days, to `now` (unix seconds).
 *
 * @public
 */
export function costWindow(
  now: number,
  days: number = 30,
): { start: number; end: number } {
  const today = Math.floor(now / DAY) * DAY;
  return {
    start: Math.min(monthStartOf(now), today - (days - 1) * DAY),
    end: now,
  };
}

/**
 * Projects a month's cost linearly from the month-to-date rate: `monthToDate / elapsedHours × monthHours`.
 * At the very start of a month (no elapsed hours) it is the month-to-date cost.
 *
 * @public
 */
export function projectMonth(
  monthToDate: number,
  elapsedHours: number,
  monthHours: number,
): number {
  if (!(elapsedHours > 0)) return monthToDate;
  return (monthToDate / elapsedHours) * monthHours;
}
