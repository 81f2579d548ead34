/** A time for the card: the browser's local date and time, or "—" when unknown. */
export function formatTime(iso?: string): string {
  if (!iso) return '—';
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : time.toLocaleString();
}

/** An ISO-8601 duration in words when it is a whole number of days (`P30D` → `30 days`), else as written. */
export function formatEvery(every: string): string {
  const days = /^P(\d+)D$/.exec(every);
  if (!days) return every;
  return days[1] === '1' ? 'every day' : `every ${days[1]} days`;
}
