import { InputError } from '@backstage/errors';
import { BYTES_PER_GIB, CostPrices, HOURS_PER_MONTH } from './prices';
import {
  AllocationResult,
  CapacitySamples,
  CostInput,
  CostItem,
  PodSamples,
} from './types';
import { componentOf, workloadOf } from './workload';
import {
  BucketRows,
  NO_VALUES,
  accrue,
  accrueRegular,
  regularStep,
  spread,
  totals,
} from './accrue';

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

function capacityPerBucket(
  capacity: CapacitySamples,
  options: Required<AllocationOptions>,
  buckets: number,
) {
  const cpuHours = new Float64Array(buckets);
  const memHours = new Float64Array(buckets);
  accrue(
    capacity.timestamps,
    capacity.cpuCores,
    NO_VALUES,
    capacity.memoryBytes,
    NO_VALUES,
    NO_VALUES,
    capacity.interval ?? options.sampleInterval,
    options.start,
    options.end,
    {
      start: options.start,
      bucketSeconds: options.bucketSeconds,
      cpuHours,
      memHours,
    },
    0,
  );
  return { cpuHours, memHours };
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

  const storagePrice = prices.storageGiBMonth / HOURS_PER_MONTH;
  const lifetimeItem = (
    i: number,
    kind: 'volume' | 'loadBalancer',
    object: {
      namespace: string;
      name: string;
      labels?: Record<string, string>;
      start: number;
      end?: number;
    },
    hourlyCost: number,
    target: Float64Array,
  ): CostItem => {
    const from = object.start > start ? object.start : start;
    const to = object.end !== undefined && object.end < end ? object.end : end;
    const hours = to > from ? (to - from) / 3600 : 0;
    if (hours > 0)
      spread(target, i * nb, from, to, hourlyCost, start, bucketSeconds);
    const labels = object.labels ?? {};
    const component = componentOf(labels);
    const cost = hours * hourlyCost;
    return {
      kind,
      namespace: object.namespace,
      name: object.name,
      container: undefined,
      labels,
      workload: workloadOf({ name: object.name, kind, labels }),
      component,
      hours,
      cpuCoreHours: 0,
      memoryGiBHours: 0,
      storageGiBHours: 0,
      loadBalancerHours: 0,
      cpu: 0,
      memory: 0,
      storage: 0,
      loadBalancer: 0,
      idle: 0,
      total: cost,
    };
  };
  volumes.forEach((volume, v) => {
    if (!(volume.sizeGiB >= 0)) {
      throw new InputError(
        `${volume.namespace}/${volume.name}: volume size must be a number of GiB, got ${volume.sizeGiB}`,
      );
    }
    const i = pods.length + v;
    const item = lifetimeItem(
      i,
      'volume',
      volume,
      volume.sizeGiB * storagePrice,
      storage,
    );
    item.storageGiBHours = item.hours * volume.sizeGiB;
    item.storage = item.total;
    items[i] = item;
  });
  loadBalancers.forEach((service, l) => {
    const i = pods.length + volumes.length + l;
    const item = lifetimeItem(
      i,
      'loadBalancer',
      service,
      prices.loadBalancerHour,
      loadBalancer,
    );
    item.loadBalancerHours = item.hours;
    item.loadBalancer = item.total;
    items[i] = item;
  });

  const idleBuckets = new Array<number>(nb).fill(0);
  let idleCpu = 0;
  let idleMemory = 0;
  if (input.capacity) {
    const capacity = capacityPerBucket(input.capacity, opts, nb);
    const allocatedCpu = new Float64Array(nb);
    const allocatedMemory = new Float64Array(nb);
    for (let i = 0; i < pods.length; i++) {
      const row = i * nb;
      for (let b = 0; b < nb; b++) {
        allocatedCpu[b] += cpu[row + b];
        allocatedMemory[b] += memory[row + b];
      }
    }
    const cpuShare = new Float64Array(nb);
    const memoryShare = new Float64Array(nb);
    for (let b = 0; b < nb; b++) {
      const cpuIdle = Math.max(
        0,
        capacity.cpuHours[b] * prices.cpuCoreHour - allocatedCpu[b],
      );
      const memoryIdle = Math.max(
        0,
        capacity.memHours[b] * memoryPrice - allocatedMemory[b],
      );
      idleCpu += cpuIdle;
      idleMemory += memoryIdle;
      if (prices.idleSharing) {
        // shared in proportion to cost; a bucket without allocated cost keeps its idle cost unshared
        cpuShare[b] = allocatedCpu[b] > 0 ? cpuIdle / allocatedCpu[b] : 0;
        memoryShare[b] =
          allocatedMemory[b] > 0 ? memoryIdle / allocatedMemory[b] : 0;
        idleBuckets[b] =
          (allocatedCpu[b] > 0 ? 0 : cpuIdle) +
          (allocatedMemory[b] > 0 ? 0 : memoryIdle);
      } else {
        idleBuckets[b] = cpuIdle + memoryIdle;
      }
    }
    if (prices.idleSharing) {
      for (let i = 0; i < pods.length; i++) {
        const row = i * nb;
        let share = 0;
        for (let b = 0; b < nb; b++) {
          const value =
            cpu[row + b] * cpuShare[b] + memory[row + b] * memoryShare[b];
          idle[row + b] = value;
          share += value;
        }
        items[i].idle = share;
        items[i].total += share;
      }
    }
  }

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
      cpu: idleCpu,
      memory: idleMemory,
      total: idleCpu + idleMemory,
      shared: prices.idleSharing,
      unshared: idleBuckets,
    },
    namespaceLabels: input.namespaceLabels ?? {},
  };
}
