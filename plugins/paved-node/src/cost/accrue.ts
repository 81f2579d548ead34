/**
 * The allocation's inner loops, kept apart from its bookkeeping. Nothing here allocates per sample.
 *
 * - {@link accrue}: any sample times, each sample covering up to the next one but at most `interval`.
 * - `accrueRegular` (in `accrueRegular.ts`): the fast path for sample times `t0 + k × step` with
 *   `interval = step`. Both give the same sums.
 */

/** The larger of request and usage; the one present when the other is NaN; 0 when neither is. */
export function allocated(request: number, usage: number): number {
  const value = Math.max(request, usage);
  if (!Number.isNaN(value)) return value;
  if (!Number.isNaN(request)) return request;
  return Number.isNaN(usage) ? 0 : usage;
}

/** An absent column. */
export const NO_VALUES: ArrayLike<number> = { length: 0 };

/**
 * Where accrued quantities go: per entry a row of buckets of `bucketSeconds` seconds from `start`, core-hours
 * into `cpuHours` and byte-hours into `memHours`.
 */
export interface BucketRows {
  start: number;
  bucketSeconds: number;
  cpuHours: Float64Array;
  memHours: Float64Array;
}

/**
 * Running totals of one entry, reused between entries so the loop allocates nothing.
 * [hours, Σ hours × cpu cores, Σ hours × memory bytes]
 */
export const totals = new Float64Array(3);

/**
 * Adds `rate × hours` of `[a, b)` to the buckets of one row, splitting at bucket boundaries.
 * `a` must lie inside the window.
 */
export function spread(
  target: Float64Array,
  row: number,
  a: number,
  b: number,
  rate: number,
  start: number,
  bucketSeconds: number,
) {
  let bucket = Math.floor((a - start) / bucketSeconds);
  let bucketEnd = start + (bucket + 1) * bucketSeconds;
  let from = a;
  while (from < b) {
    const to = b < bucketEnd ? b : bucketEnd;
    target[row + bucket] += (rate * (to - from)) / 3600;
    from = to;
    bucket++;
    bucketEnd += bucketSeconds;
  }
}

/**
 * The core loop: Σ over samples of hours × max(request, usage), per bucket into the entry's row of
 * `target` (core-hours and byte-hours) and in total into `totals`. Written for speed: it starts at the first sample
 * that can reach `from` (binary search), stops at `to`, and adds to a bucket only when it moves to the next.
 */
export function accrue(
  timestamps: ArrayLike<number>,
  cpuRequest: ArrayLike<number>,
  cpuUsage: ArrayLike<number>,
  memRequest: ArrayLike<number>,
  memUsage: ArrayLike<number>,
  coverage: ArrayLike<number>,
  interval: number,
  from: number,
  to: number,
  target: BucketRows,
  row: number,
) {
  const { start, bucketSeconds, cpuHours, memHours } = target;
  const n = timestamps.length;
  const hasCpuRequest = cpuRequest.length > 0;
  const hasCpuUsage = cpuUsage.length > 0;
  const hasMemRequest = memRequest.length > 0;
  const hasMemUsage = memUsage.length > 0;
  const hasCoverage = coverage.length > 0;
  // samples before this cannot reach `from`
  const earliest = from - interval;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid] < earliest) lo = mid + 1;
    else hi = mid;
  }
  let hours = 0;
  let coreHours = 0;
  let byteHours = 0;
  let bucket = -1;
  let bucketEnd = -Infinity;
  let bucketCpu = 0;
  let bucketMem = 0;
  for (let k = lo; k < n; k++) {
    const t0 = timestamps[k];
    if (t0 >= to) break;
    let t1 = t0 + interval;
    if (k + 1 < n) {
      const next = timestamps[k + 1];
      if (next < t1) t1 = next;
    }
    const a = t0 > from ? t0 : from;
    const b = t1 < to ? t1 : to;
    if (b <= a) continue;
    let share = 1;
    if (hasCoverage) {
      share = coverage[k];
      if (!(share > 0)) continue; // not running (or NaN)
    }
    const cpu = allocated(
      hasCpuRequest ? cpuRequest[k] : NaN,
      hasCpuUsage ? cpuUsage[k] : NaN,
    );
    const mem = allocated(
      hasMemRequest ? memRequest[k] : NaN,
      hasMemUsage ? memUsage[k] : NaN,
    );
    const h = ((b - a) * share) / 3600;
    const cpuPart = cpu * h;
    const memPart = mem * h;
    hours += h;
    coreHours += cpuPart;
    byteHours += memPart;
    if (a >= bucketEnd) {
      if (bucket >= 0) {
        cpuHours[row + bucket] += bucketCpu;
        memHours[row + bucket] += bucketMem;
      }
      bucket = Math.floor((a - start) / bucketSeconds);
      bucketEnd = start + (bucket + 1) * bucketSeconds;
      bucketCpu = 0;
      bucketMem = 0;
    }
    if (b <= bucketEnd) {
      bucketCpu += cpuPart;
      bucketMem += memPart;
    } else {
      // straddles the bucket's end: the part inside here, the rest into the next buckets
      const inside = ((bucketEnd - a) * share) / 3600;
      bucketCpu += cpu * inside;
      bucketMem += mem * inside;
      spread(cpuHours, row, bucketEnd, b, cpu * share, start, bucketSeconds);
      spread(memHours, row, bucketEnd, b, mem * share, start, bucketSeconds);
    }
  }
  if (bucket >= 0) {
    cpuHours[row + bucket] += bucketCpu;
    memHours[row + bucket] += bucketMem;
  }
  totals[0] = hours;
  totals[1] = coreHours;
  totals[2] = byteHours;
}
