import { InputError } from '@backstage/errors';
import { BYTES_PER_GIB, CostPrices } from './prices';
import { AllocationResult, CostInput, CostItem, PodSamples } from './types';
import { componentOf, workloadOf } from './workload';
import { BucketRows, NO_VALUES, accrue, totals } from './accrue';
import { accrueRegular, regularStep } from './accrueRegular';
import { allocateIdle } from './idleCost';
import { allocateObjects } from './objectCosts';

/**
 * Window and resolution of an allocation.
 *
 * @public
 */
export interface AllocationOptions {
  /** Window start, unix seconds. */
  start: number;
  /** Window end, unix seconds. */
  end: number;
  /** Length of the buckets of `series`, seconds; a day (86400) unless given. */
  bucketSeconds?: number;
  /** Longest time a sample covers when its entry gives no `interval`, seconds; an hour unless given. */
  sampleInterval?: number;
}

function checkColumn(
  pod: PodSamples,
  column: string,
  values: ArrayLike<number> | undefined,
) {
  const n = pod.timestamps.length;
  if (values && values.length < n) {
    throw new InputError(
      `${pod.namespace}/${pod.pod}${
        pod.container ? `/${pod.container}` : ''
      }: ${column} has ${values.length} values for ${n} timestamps`,
    );
  }
}

function checkColumns(pod: PodSamples) {
  checkColumn(pod, 'cpuRequestCores', pod.cpuRequestCores);
  checkColumn(pod, 'cpuUsageCores', pod.cpuUsageCores);
  checkColumn(pod, 'memoryRequestBytes', pod.memoryRequestBytes);
  checkColumn(pod, 'memoryUsageBytes', pod.memoryUsageBytes);
  checkColumn(pod, 'coverage', pod.coverage);
}

/**
 * Allocates the cost of one cluster's pods, volumes and load balancers over a window, with the formulas
 * OpenCost users know:
 *
 * - CPU: Σ over samples of hours × max(CPU request, CPU usage) × `cpuCoreHour`
 * - memory: Σ hours × max(memory request, memory usage) / 2^30 × `memoryGiBHour`
 * - storage: hours × size in GiB × `storageGiBMonth` / 730
 * - load balancer: hours × `loadBalancerHour`
 * - idle: per bucket, capacity cost − allocated cost for CPU and for memory (never below 0); with
 *   `idleSharing` each pod gets the share of its CPU and memory cost in that bucket.
 *
 * Hours count only the time inside both the window and the entry's lifetime (× the sample's `coverage`
 * when given), so partial hours count proportionally; a pod that restarts keeps accruing its request; a
 * missing request leaves the usage.
 * Costs are also kept per bucket (a day by default) for daily series and month-to-date sums.
 *
 * @public
 */
export function allocateCosts(
  input: CostInput,
  prices: CostPrices,
  options: AllocationOptions,
): AllocationResult {
  const opts: Required<AllocationOptions> = {
    bucketSeconds: 86400,
    sampleInterval: 3600,
    ...options,
  };
  const { start, end, bucketSeconds } = opts;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new InputError(
      `The cost window must end after it starts (start ${start}, end ${end}, unix seconds)`,
    );
  }
  if (!(bucketSeconds > 0) || !(opts.sampleInterval > 0)) {
    throw new InputError(
      'bucketSeconds and sampleInterval must be positive numbers of seconds',
    );
  }
  const nb = Math.ceil((end - start) / bucketSeconds);
  const pods = input.pods;
  const volumes = input.volumes ?? [];
  const loadBalancers = input.loadBalancers ?? [];
  const count = pods.length + volumes.length + loadBalancers.length;
  const cpu = new Float64Array(count * nb);
  const memory = new Float64Array(count * nb);
  const storage = new Float64Array(count * nb);
  const loadBalancer = new Float64Array(count * nb);
  const idle = new Float64Array(count * nb);
  const items: CostItem[] = new Array(count);
  const memoryPrice = prices.memoryGiBHour / BYTES_PER_GIB;

  const target: BucketRows = {
    start,
    bucketSeconds,
    cpuHours: cpu,
    memHours: memory,
  };
  // pods usually share one time axis: check it once
  const steps = new Map<ArrayLike<number>, number>();
  let nanColumn = new Float64Array(0);
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    checkColumns(pod);
    const from = pod.start > start ? pod.start : start;
    const to = pod.end !== undefined && pod.end < end ? pod.end : end;
    totals.fill(0);
    const row = i * nb;
    const interval = pod.interval ?? opts.sampleInterval;
    let step = steps.get(pod.timestamps);
    if (step === undefined) {
      step = regularStep(pod.timestamps);
      steps.set(pod.timestamps, step);
    }
    const n = pod.timestamps.length;
    if (to > from) {
      const regular = step === interval;
      if (regular && nanColumn.length < n) {
        nanColumn = new Float64Array(n).fill(NaN);
      }
      // an absent column: NaN values for the regular loop, no values for the general one
      const absent = regular ? nanColumn : NO_VALUES;
      const cpuRequest = pod.cpuRequestCores ?? absent;
      const cpuUsage = pod.cpuUsageCores ?? absent;
      const memRequest = pod.memoryRequestBytes ?? absent;
      const memUsage = pod.memoryUsageBytes ?? absent;
      if (regular) {
        accrueRegular(
          pod.timestamps[0],
          step,
          n,
          cpuRequest,
          cpuUsage,
          memRequest,
          memUsage,
          pod.coverage,
          from,
          to,
          target,
          row,
        );
      } else {
        accrue(
          pod.timestamps,
          cpuRequest,
          cpuUsage,
          memRequest,
          memUsage,
          pod.coverage ?? NO_VALUES,
          interval,
          from,
          to,
          target,
          row,
        );
      }
    }
    // quantities (core-hours, byte-hours) → costs
    for (let b = row; b < row + nb; b++) {
      cpu[b] *= prices.cpuCoreHour;
      memory[b] *= memoryPrice;
    }
    const labels = pod.labels ?? {};
    const component = componentOf(labels);
    const cpuCost = totals[1] * prices.cpuCoreHour;
    const memoryCost = totals[2] * memoryPrice;
    // one literal shape for every item: optional fields are present (undefined) rather than spread in
    items[i] = {
      kind: 'pod',
      namespace: pod.namespace,
      name: pod.pod,
      container: pod.container,
      labels,
      workload: workloadOf({
        name: pod.pod,
        labels,
        workload: pod.workload,
      }),
      component,
      hours: totals[0],
      cpuCoreHours: totals[1],
      memoryGiBHours: totals[2] / BYTES_PER_GIB,
      storageGiBHours: 0,
      loadBalancerHours: 0,
      cpu: cpuCost,
      memory: memoryCost,
      storage: 0,
      loadBalancer: 0,
      idle: 0,
      total: cpuCost + memoryCost,
    };
  }

  const window = { start, end, bucketSeconds, nb };
  allocateObjects({ volumes, loadBalancers }, prices, window, {
    first: pods.length,
    items,
    storage,
    loadBalancer,
  });
  const idleCost = input.capacity
    ? allocateIdle(
        input.capacity,
        prices,
        { ...window, sampleInterval: opts.sampleInterval },
        { count: pods.length, cpu, memory, idle, items },
      )
    : { cpu: 0, memory: 0, unshared: new Array<number>(nb).fill(0) };

  return {
    cluster: input.cluster,
    currency: prices.currency,
    start,
    end,
    bucketSeconds,
    bucketStarts: Array.from(
      { length: nb },
      (_, b) => start + b * bucketSeconds,
    ),
    items,
    series: { cpu, memory, storage, loadBalancer, idle },
    idle: {
      cpu: idleCost.cpu,
      memory: idleCost.memory,
      total: idleCost.cpu + idleCost.memory,
      shared: prices.idleSharing,
      unshared: idleCost.unshared,
    },
    namespaceLabels: input.namespaceLabels ?? {},
  };
}
