import type { CostAmounts } from '@paved/plugin-paved-common';

/**
 * The samples of one pod (or of one container of a pod) over time, in columns.
 *
 * Sample `k` holds from `timestamps[k]` until the next sample's timestamp, but for at most `interval`
 * seconds, so a gap in the data is not charged. Time outside `[start, end)` is not charged either: a pod
 * that started at 10:20 pays 40 minutes of the 10:00 sample.
 *
 * A column left out, or `NaN` in it, means "no value": a container without a CPU request is charged for its
 * usage, a sample without usage (a restarting container) for its request. Limits play no part.
 *
 * Give containers as separate entries (`container` set) to take `max(request, usage)` per container, as
 * OpenCost does; an entry per pod with summed columns takes it per pod.
 *
 * @public
 */
export interface PodSamples {
  namespace: string;
  pod: string;
  /** Container name when the entry holds one container of the pod. */
  container?: string;
  /** Pod labels; `app.kubernetes.io/name` and `backstage.io/kubernetes-id` are used to group costs. */
  labels?: Record<string, string>;
  /** Name of the owning Deployment, StatefulSet, DaemonSet, CronJob or Job, when the source knows it. */
  workload?: string;
  /** When the pod started, unix seconds. */
  start: number;
  /** When the pod ended, unix seconds; absent while it runs. */
  end?: number;
  /** Sample times, unix seconds, ascending. Several entries may share one array. */
  timestamps: ArrayLike<number>;
  /** CPU request in cores at each sample. */
  cpuRequestCores?: ArrayLike<number>;
  /** CPU usage in cores (average over the sample's interval). */
  cpuUsageCores?: ArrayLike<number>;
  /** Memory request in bytes. */
  memoryRequestBytes?: ArrayLike<number>;
  /** Memory usage (working set) in bytes. */
  memoryUsageBytes?: ArrayLike<number>;
  /**
   * Share (0–1) of each sample's interval the pod was running, when the source knows it per sample (e.g.
   * minutes seen Running in each hour); `NaN` counts as 0. Hours charged are then the covered time ×
   * coverage, so a source giving it leaves `start`/`end` at the span of its samples.
   */
  coverage?: ArrayLike<number>;
  /** Longest time one sample covers, seconds; the allocation's `sampleInterval` unless given. */
  interval?: number;
}

/**
 * A PersistentVolumeClaim over its lifetime.
 *
 * @public
 */
export interface VolumeInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** Provisioned size in GiB. */
  sizeGiB: number;
  /** Creation time, unix seconds. */
  start: number;
  /** Deletion time, unix seconds; absent while it exists. */
  end?: number;
}

/**
 * A Service of type LoadBalancer over its lifetime.
 *
 * @public
 */
export interface LoadBalancerInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  /** Creation time, unix seconds. */
  start: number;
  /** Deletion time, unix seconds; absent while it exists. */
  end?: number;
}

/**
 * The cluster's total node capacity over time, used to compute idle cost. Same sample rules as
 * {@link PodSamples}.
 *
 * @public
 */
export interface CapacitySamples {
  timestamps: ArrayLike<number>;
  cpuCores: ArrayLike<number>;
  memoryBytes: ArrayLike<number>;
  interval?: number;
}

/**
 * Everything the allocation of one cluster needs.
 *
 * @public
 */
export interface CostInput {
  cluster: string;
  pods: PodSamples[];
  volumes?: VolumeInput[];
  loadBalancers?: LoadBalancerInput[];
  /** Node capacity; without it there is no idle cost. */
  capacity?: CapacitySamples;
  /** Labels of the namespaces (for `paved.dev/team` and `paved.dev/lifecycle`), keyed by namespace. */
  namespaceLabels?: Record<string, Record<string, string>>;
}

/**
 * Cost split by resource, in the price table's currency: the `CostAmounts` the cost views answer with.
 *
 * @public
 */
export type CostBreakdown = CostAmounts;

/**
 * The cost of one input entry over the allocation window.
 *
 * @public
 */
export interface CostItem extends CostBreakdown {
  kind: 'pod' | 'volume' | 'loadBalancer';
  namespace: string;
  /** Pod, PersistentVolumeClaim or Service name. */
  name: string;
  container?: string;
  labels: Record<string, string>;
  /** Owning workload, see `workloadOf`. */
  workload: string;
  /** The `backstage.io/kubernetes-id` label, when present. */
  component?: string;
  /** Hours charged inside the window. */
  hours: number;
  /** Σ hours × max(request, usage) of CPU. */
  cpuCoreHours: number;
  /** Σ hours × max(request, usage) of memory, in GiB. */
  memoryGiBHours: number;
  /** hours × size of a volume. */
  storageGiBHours: number;
  /** hours of a load balancer. */
  loadBalancerHours: number;
}

/**
 * Cost per item and per time bucket, in columns: row-major `Float64Array`s where item `i`'s bucket `b` is at
 * `i * bucketStarts.length + b`.
 *
 * @public
 */
export interface CostSeries {
  cpu: Float64Array;
  memory: Float64Array;
  storage: Float64Array;
  loadBalancer: Float64Array;
  /** The item's share of idle cost (zero unless idle is shared). */
  idle: Float64Array;
}

/**
 * Idle cost of the cluster: node capacity cost minus the CPU and memory cost allocated to pods.
 *
 * @public
 */
export interface IdleCost {
  cpu: number;
  memory: number;
  total: number;
  /** Whether it is shared among the pods (then it is part of their `idle` and `total`). */
  shared: boolean;
  /**
   * Idle cost per bucket that no item carries: all of it when it is not shared; when it is, only that of
   * buckets without any allocated cost. Reports show it as `__idle__`.
   */
  unshared: number[];
}

/**
 * The outcome of `allocateCosts`.
 *
 * @public
 */
export interface AllocationResult {
  cluster: string;
  currency: string;
  /** Window, unix seconds. */
  start: number;
  end: number;
  bucketSeconds: number;
  /** Start of each bucket, unix seconds; the last bucket ends at `end`. */
  bucketStarts: number[];
  /** One item per input entry, in input order: pods, then volumes, then load balancers. */
  items: CostItem[];
  series: CostSeries;
  idle: IdleCost;
  /** Copied from the input. */
  namespaceLabels: Record<string, Record<string, string>>;
}
