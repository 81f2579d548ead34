import { PromSeries } from '../observe/prometheus';
import { podKeyOf } from './costSeries';
import { CapacitySamples, PodSamples } from './types';

/**
 * Turning the answers of the cost source's range queries into sample columns on one time axis: per
 * container requests and usage, per pod the share of each sample it ran, and node capacity.
 */

/**
 * The time axis every sample column shares: `n` evaluations every `step` seconds ending at the window's end.
 * Each evaluation describes the `step` before it, so a sample is time-stamped at evaluation time − step.
 */
export interface SampleAxis {
  n: number;
  /** Time of the first evaluation, unix seconds. */
  first: number;
  step: number;
  /** Sample times, unix seconds. */
  timestamps: Float64Array;
}

/** The axis of a window `[start, end]` sampled every `step` seconds. */
export function sampleAxis(
  start: number,
  end: number,
  step: number,
): SampleAxis {
  const n = Math.ceil((end - start) / step);
  const first = end - (n - 1) * step;
  const timestamps = new Float64Array(n);
  for (let k = 0; k < n; k++) timestamps[k] = first + (k - 1) * step;
  return { n, first, step, timestamps };
}

/** Writes `scale(value)` of each point into its sample of `column`; points off the axis are dropped. */
function fillColumn(
  axis: SampleAxis,
  column: Float64Array,
  points: Array<[number, number]>,
  scale: (value: number) => number = value => value,
) {
  for (const [t, v] of points) {
    const k = Math.round((t - axis.first) / axis.step);
    if (k >= 0 && k < axis.n) column[k] = scale(v);
  }
}

/** The request and usage columns of a container, in cores and bytes. */
export type UsageColumn =
  | 'cpuRequestCores'
  | 'cpuUsageCores'
  | 'memoryRequestBytes'
  | 'memoryUsageBytes';

/** One container's request and usage columns (NaN where there is no sample). */
export interface ContainerColumns {
  namespace: string;
  pod: string;
  container: string;
  values: Record<UsageColumn, Float64Array>;
}

/**
 * The columns of every container that appears in any of the series, in order of first appearance (CPU
 * request, memory request, CPU usage, memory usage).
 */
export function containerColumns(
  axis: SampleAxis,
  series: Record<UsageColumn, PromSeries[]>,
): ContainerColumns[] {
  const columns = new Map<string, ContainerColumns>();
  const empty = () => new Float64Array(axis.n).fill(NaN);
  const order: UsageColumn[] = [
    'cpuRequestCores',
    'memoryRequestBytes',
    'cpuUsageCores',
    'memoryUsageBytes',
  ];
  for (const column of order) {
    for (const s of series[column]) {
      const { namespace, pod, container } = s.labels;
      if (!namespace || !pod || !container) continue;
      const key = `${namespace}/${pod}/${container}`;
      let entry = columns.get(key);
      if (!entry) {
        entry = {
          namespace,
          pod,
          container,
          values: {
            cpuRequestCores: empty(),
            cpuUsageCores: empty(),
            memoryRequestBytes: empty(),
            memoryUsageBytes: empty(),
          },
        };
        columns.set(key, entry);
      }
      fillColumn(axis, entry.values[column], s.points);
    }
  }
  return [...columns.values()];
}

/**
 * The share of each sample a pod was Running, by pod key, from counts of `resolution`-second steps (the
 * `running` query); at most 1.
 */
export function runningCoverage(
  axis: SampleAxis,
  running: PromSeries[],
  resolution: number,
): Map<string, Float64Array> {
  const coverage = new Map<string, Float64Array>();
  for (const s of running) {
    const column = new Float64Array(axis.n);
    fillColumn(axis, column, s.points, count =>
      Math.min(1, (count * resolution) / axis.step),
    );
    coverage.set(podKeyOf(s.labels), column);
  }
  return coverage;
}

/** The first and last sample of a container that has any value, or undefined when it has none. */
function sampledRange(values: Record<UsageColumn, Float64Array>, n: number) {
  let first = -1;
  let last = -1;
  for (let k = 0; k < n; k++) {
    if (
      !Number.isNaN(values.cpuRequestCores[k]) ||
      !Number.isNaN(values.cpuUsageCores[k]) ||
      !Number.isNaN(values.memoryRequestBytes[k]) ||
      !Number.isNaN(values.memoryUsageBytes[k])
    ) {
      if (first < 0) first = k;
      last = k;
    }
  }
  return first < 0 ? undefined : { first, last };
}

/**
 * The cost model's pod entries: one per container with any sample, with its pod's labels, workload and
 * running coverage. A pod never seen running (pending, or up for less than the resolution) costs nothing
 * and is left out; without any phase series at all (no kube-state-metrics phases) every sample counts in
 * full.
 */
export function podSamples(
  axis: SampleAxis,
  columns: ContainerColumns[],
  pods: {
    coverage: Map<string, Float64Array>;
    labels: Map<string, Record<string, string>>;
    workloads: Map<string, string>;
  },
): PodSamples[] {
  const { timestamps, step } = axis;
  const samples: PodSamples[] = [];
  for (const entry of columns) {
    const key = `${entry.namespace}/${entry.pod}`;
    const range = sampledRange(entry.values, axis.n);
    if (!range) continue;
    const share = pods.coverage.get(key);
    if (!share && pods.coverage.size > 0) continue;
    const labels = pods.labels.get(key);
    const workload = pods.workloads.get(key);
    samples.push({
      namespace: entry.namespace,
      pod: entry.pod,
      container: entry.container,
      ...(labels && { labels }),
      ...(workload && { workload }),
      start: timestamps[range.first],
      end: timestamps[range.last] + step,
      timestamps,
      ...entry.values,
      ...(share && { coverage: share }),
      interval: step,
    });
  }
  return samples;
}

/** Node capacity samples (cores and bytes), or undefined unless both series are there. */
export function capacitySamples(
  axis: SampleAxis,
  cpuCapacity: PromSeries[],
  memoryCapacity: PromSeries[],
): CapacitySamples | undefined {
  if (cpuCapacity.length === 0 || memoryCapacity.length === 0) {
    return undefined;
  }
  const cpuCores = new Float64Array(axis.n).fill(NaN);
  const memoryBytes = new Float64Array(axis.n).fill(NaN);
  fillColumn(axis, cpuCores, cpuCapacity[0].points);
  fillColumn(axis, memoryBytes, memoryCapacity[0].points);
  return {
    timestamps: axis.timestamps,
    cpuCores,
    memoryBytes,
    interval: axis.step,
  };
}
