/**
 * The allocation's inner loops, kept apart from its bookkeeping. Nothing here allocates per sample.
 *
 * - {@link accrue}: any sample times, each sample covering up to the next one but at most `interval`.
 * - {@link accrueRegular}: sample times `t0 + k × step` with `interval = step` (what a Prometheus range
 *   query gives): whole samples inside a bucket are summed in a tight loop, only the samples cut by the
 *   pod's start or end or by a bucket boundary are weighed one by one. Both give the same sums.
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

/**
 * The step of sample times `t0 + k × step` (exactly), or NaN when they are not evenly spaced.
 */
export function regularStep(timestamps: ArrayLike<number>): number {
  const n = timestamps.length;
  if (n < 2) return NaN;
  const t0 = timestamps[0];
  const step = timestamps[1] - t0;
  if (!(step > 0)) return NaN;
  for (let k = 2; k < n; k++) {
    if (timestamps[k] !== t0 + k * step) return NaN;
  }
  return step;
}

/** Σ allocated CPU, Σ allocated memory and Σ share over whole samples, from {@link sumWhole}. */
const sums = new Float64Array(3);

/**
 * Sums max(request, usage) of CPU and memory over samples `[k0, k1)`, weighted by coverage when given.
 * The first pass assumes there is no NaN and takes two samples per step without a data-dependent branch
 * (max(a, b) = (a + b + |a − b|) / 2); any NaN makes its sums NaN, and the careful pass takes over.
 */
function sumWhole(
  cpuRequest: ArrayLike<number>,
  cpuUsage: ArrayLike<number>,
  memRequest: ArrayLike<number>,
  memUsage: ArrayLike<number>,
  coverage: ArrayLike<number> | undefined,
  k0: number,
  k1: number,
) {
  let cpuEven = 0;
  let cpuOdd = 0;
  let memEven = 0;
  let memOdd = 0;
  let shareSum = k1 - k0;
  if (coverage === undefined) {
    let k = k0;
    for (; k + 1 < k1; k += 2) {
      const r0 = cpuRequest[k];
      const u0 = cpuUsage[k];
      const r1 = cpuRequest[k + 1];
      const u1 = cpuUsage[k + 1];
      const mr0 = memRequest[k];
      const mu0 = memUsage[k];
      const mr1 = memRequest[k + 1];
      const mu1 = memUsage[k + 1];
      cpuEven += r0 + u0 + Math.abs(r0 - u0);
      cpuOdd += r1 + u1 + Math.abs(r1 - u1);
      memEven += mr0 + mu0 + Math.abs(mr0 - mu0);
      memOdd += mr1 + mu1 + Math.abs(mr1 - mu1);
    }
    if (k < k1) {
      const r = cpuRequest[k];
      const u = cpuUsage[k];
      const mr = memRequest[k];
      const mu = memUsage[k];
      cpuEven += r + u + Math.abs(r - u);
      memEven += mr + mu + Math.abs(mr - mu);
    }
  } else {
    shareSum = 0;
    for (let k = k0; k < k1; k++) {
      const share = coverage[k];
      const r = cpuRequest[k];
      const u = cpuUsage[k];
      const mr = memRequest[k];
      const mu = memUsage[k];
      cpuEven += (r + u + Math.abs(r - u)) * share;
      memEven += (mr + mu + Math.abs(mr - mu)) * share;
      shareSum += share;
    }
  }
  let cpuSum = (cpuEven + cpuOdd) * 0.5;
  let memSum = (memEven + memOdd) * 0.5;
  if (Number.isNaN(cpuSum) || Number.isNaN(memSum) || !(shareSum >= 0)) {
    // the careful pass: each value is checked
    cpuSum = 0;
    memSum = 0;
    shareSum = 0;
    for (let k = k0; k < k1; k++) {
      const share = coverage === undefined ? 1 : coverage[k];
      if (!(share > 0)) continue;
      cpuSum += allocated(cpuRequest[k], cpuUsage[k]) * share;
      memSum += allocated(memRequest[k], memUsage[k]) * share;
      shareSum += share;
    }
  }
  sums[0] = cpuSum;
  sums[1] = memSum;
  sums[2] = shareSum;
}

/**
 * {@link accrue} for sample times `t0 + k × step`, `k < n`, each covering exactly `step` seconds. Absent
 * columns must be passed as NaN columns of at least `n` values. Per bucket, whole samples are summed by
 * {@link sumWhole} and at most two samples cut by the bucket's or the pod's bounds are weighed here (inline,
 * so that no call boxes a time value).
 */
export function accrueRegular(
  t0: number,
  step: number,
  n: number,
  cpuRequest: ArrayLike<number>,
  cpuUsage: ArrayLike<number>,
  memRequest: ArrayLike<number>,
  memUsage: ArrayLike<number>,
  coverage: ArrayLike<number> | undefined,
  from: number,
  to: number,
  target: BucketRows,
  row: number,
) {
  const { start, bucketSeconds, cpuHours, memHours } = target;
  const dataEnd = t0 + n * step;
  const first = from > t0 ? from : t0;
  const last = to < dataEnd ? to : dataEnd;
  const stepHours = step / 3600;
  let hours = 0;
  let coreHours = 0;
  let byteHours = 0;
  let bucket = Math.floor((first - start) / bucketSeconds);
  let lo = first;
  while (lo < last) {
    const index = row + bucket;
    const bucketEnd = start + (bucket + 1) * bucketSeconds;
    const hi = bucketEnd < last ? bucketEnd : last;
    // whole samples inside [lo, hi): kWhole … kEnd - 1 (sample indexes fit in 32 bits)
    const kWhole = Math.ceil((lo - t0) / step) | 0;
    const kEnd = Math.floor((hi - t0) / step) | 0;
    let cpuPart = 0;
    let memPart = 0;
    if (kEnd > kWhole) {
      sumWhole(
        cpuRequest,
        cpuUsage,
        memRequest,
        memUsage,
        coverage,
        kWhole,
        kEnd,
      );
      cpuPart = sums[0] * stepHours;
      memPart = sums[1] * stepHours;
      hours += sums[2] * stepHours;
    }
    // the cut samples: [lo, hi) inside one sample, or the pieces before and after the whole ones
    for (let piece = 0; piece < 2; piece++) {
      let k: number;
      let a: number;
      let b: number;
      if (kEnd < kWhole) {
        if (piece > 0) break;
        k = kWhole - 1;
        a = lo;
        b = hi;
      } else if (piece === 0) {
        k = kWhole - 1;
        a = lo;
        b = t0 + kWhole * step;
      } else {
        k = kEnd;
        a = t0 + kEnd * step;
        b = hi;
      }
      if (b <= a) continue;
      const share = coverage === undefined ? 1 : coverage[k];
      if (!(share > 0)) continue;
      const h = ((b - a) / 3600) * share;
      hours += h;
      cpuPart += allocated(cpuRequest[k], cpuUsage[k]) * h;
      memPart += allocated(memRequest[k], memUsage[k]) * h;
    }
    coreHours += cpuPart;
    byteHours += memPart;
    cpuHours[index] += cpuPart;
    memHours[index] += memPart;
    lo = hi;
    bucket++;
  }
  totals[0] = hours;
  totals[1] = coreHours;
  totals[2] = byteHours;
}
