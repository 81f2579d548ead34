import { PeriodComparison } from '@paved/plugin-paved-common';

/**
 * A value against the period before, in words: "1.20 % (was 0.40 %, worse)"; "—" without a value now.
 * Changes under a tenth are "about the same".
 */
export function compare(
  value: PeriodComparison,
  format: (v: number) => string,
  direction: 'higher-is-worse',
): string {
  if (value.now === null) return '—';
  if (value.previous === null) return format(value.now);
  const before = value.previous;
  const delta = value.now - before;
  let relative: number;
  if (before !== 0) relative = delta / before;
  else relative = value.now === 0 ? 0 : 1;
  let trend = 'about the same';
  if (Math.abs(relative) >= 0.1) {
    const worse = direction === 'higher-is-worse' ? delta > 0 : delta < 0;
    trend = worse ? 'worse' : 'better';
  }
  return `${format(value.now)} (was ${format(before)}, ${trend})`;
}
