import { BucketRows, allocated, totals } from './accrue';

/**
 * The allocation's fast path for sample times `t0 + k × step` with `interval = step` (what a Prometheus
 * range query gives): whole samples inside a bucket are summed in a tight loop, only the samples cut by the
 * pod's start or end or by a bucket boundary are weighed one by one. It gives the sums `accrue` gives.
 * Nothing here allocates per sample.
 */

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
 * `accrue` for sample times `t0 + k × step`, `k < n`, each covering exactly `step` seconds. Absent
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
