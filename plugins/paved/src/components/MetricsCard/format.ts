/** A ratio (0..1) as a percentage, two decimals under 10 %, e.g. `1.25 %`. */
export const formatPercent = (v: number) =>
  `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`;
/** Seconds as whole milliseconds, e.g. `250 ms`. */
export const formatMillis = (v: number) => `${(v * 1000).toFixed(0)} ms`;
/** A rate per second, e.g. `12.50/s`. */
export const formatPerSecond = (v: number) => `${v.toFixed(2)}/s`;
