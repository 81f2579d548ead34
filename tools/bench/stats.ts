/** The figures every bench reports: percentiles, medians and elapsed time. */

/**
 * The value at quantile `q` (0 < q <= 1) of `values`: the smallest one with at least that share of the
 * values at or below it (`q = 0.5` is the lower middle of an even count).
 */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, index))];
}

/** The middle value; the upper middle of an even count. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds since `start`, a `process.hrtime.bigint()` reading. */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Wall-clock milliseconds an async task takes. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return msSince(start);
}

/**
 * Wall time and CPU time of a synchronous task (CPU time of all threads of this process: the loop and the
 * garbage collector).
 */
export function timeSync<T>(fn: () => T): {
  ms: number;
  cpuMs: number;
  value: T;
} {
  const cpu = process.cpuUsage();
  const begin = process.hrtime.bigint();
  const value = fn();
  const ms = msSince(begin);
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}
