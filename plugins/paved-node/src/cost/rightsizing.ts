import type {
  ResourceSuggestion,
  RightsizingSuggestion as CommonRightsizingSuggestion,
} from '@paved/plugin-paved-common';
import { BYTES_PER_GIB, CostPrices, HOURS_PER_MONTH } from './prices';
import { PodSamples } from './types';
import { workloadOf } from './workload';

const MIB = 1024 ** 2;

/**
 * How requests are suggested.
 *
 * @public
 */
export interface RightsizingOptions {
  /** Only samples inside this window count (unix seconds); all samples when absent. */
  start?: number;
  end?: number;
  /** Usage percentile the suggestion covers, default 0.95. */
  percentile?: number;
  /** Factor over the percentile, default 1.2. */
  headroom?: number;
  /** CPU suggestions are rounded up to this many millicores, default 5. */
  cpuStepMillicores?: number;
  /** Lowest CPU suggestion in millicores, default 10. */
  cpuFloorMillicores?: number;
  /** Memory suggestions are rounded up to this many MiB, default 16. */
  memoryStepMiB?: number;
  /** Lowest memory suggestion in MiB, default 32. */
  memoryFloorMiB?: number;
  /** Sample length when an entry gives no `interval`, seconds, default 3600. */
  sampleInterval?: number;
}

/**
 * Suggested requests for one container of one workload.
 *
 * @public
 */
export type RightsizingSuggestion = Omit<
  CommonRightsizingSuggestion,
  'cluster' | 'environment'
>;

export type { ResourceSuggestion };

interface Collected {
  usage: number[];
  /** usage weighted by hours, and hours, for the average cost now and after */
  samples: Array<{ usage: number; hours: number }>;
  request?: number;
  requestAt: number;
}

function percentileOf(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * The unit suggestions of a resource are written in: suggestion units per base unit (millicores per core,
 * MiB per byte: scaling by either is exact for the values suggested) and the quantity suffix.
 */
interface SuggestionUnit {
  perBase: number;
  suffix: string;
}

const MILLICORES: SuggestionUnit = { perBase: 1000, suffix: 'm' };
const MEBIBYTES: SuggestionUnit = { perBase: 1 / MIB, suffix: 'Mi' };

/** How one resource's suggestions are rounded and priced. */
interface ResourceScale {
  unit: SuggestionUnit;
  /** Suggestions are rounded up to this many units… */
  step: number;
  /** …and are at least this many. */
  floor: number;
  /** Price of one base unit (core, byte) for an hour. */
  pricePerBaseHour: number;
}

/** The CPU and memory scales of the options (defaults 5m / 10m and 16Mi / 32Mi). */
function resourceScales(
  options: RightsizingOptions,
  prices: CostPrices,
): Record<'cpu' | 'memory', ResourceScale> {
  return {
    cpu: {
      unit: MILLICORES,
      step: options.cpuStepMillicores ?? 5,
      floor: options.cpuFloorMillicores ?? 10,
      pricePerBaseHour: prices.cpuCoreHour,
    },
    memory: {
      unit: MEBIBYTES,
      step: options.memoryStepMiB ?? 16,
      floor: options.memoryFloorMiB ?? 32,
      pricePerBaseHour: prices.memoryGiBHour / BYTES_PER_GIB,
    },
  };
}

/** The suggestion for one resource of a container from its collected samples. */
function suggest(
  collected: Collected,
  scale: ResourceScale,
  target: { percentile: number; headroom: number; replicas: number },
): ResourceSuggestion {
  const { unit, step } = scale;
  const usage = percentileOf(collected.usage, target.percentile);
  const steps = Math.max(
    Math.ceil((usage * target.headroom * unit.perBase) / step - 1e-9),
    Math.ceil(scale.floor / step),
  );
  const inUnits = steps * step;
  const suggested = inUnits / unit.perBase;
  const { request } = collected;
  // what is paid per replica-hour: max(request, usage) averaged over the samples, now and with the suggestion
  let hours = 0;
  let now = 0;
  let after = 0;
  for (const sample of collected.samples) {
    hours += sample.hours;
    now += Math.max(request ?? sample.usage, sample.usage) * sample.hours;
    after += Math.max(suggested, sample.usage) * sample.hours;
  }
  const monthlySaving =
    hours > 0
      ? ((now - after) / hours) *
        scale.pricePerBaseHour *
        target.replicas *
        HOURS_PER_MONTH
      : 0;
  let change: ResourceSuggestion['change'] = 'keep';
  if (request === undefined) change = 'set';
  else if (suggested < request - 1e-12) change = 'lower';
  else if (suggested > request + 1e-12) change = 'raise';
  return {
    ...(request !== undefined && { request }),
    usage,
    suggested,
    quantity: `${inUnits}${unit.suffix}`,
    change,
    monthlySaving: change === 'keep' ? 0 : monthlySaving,
  };
}

/**
 * Suggests CPU and memory requests per workload container: the usage percentile (p95 by default) over the
 * window × headroom (1.2), rounded up to 5m CPU / 16Mi memory and never below 10m / 32Mi. The monthly saving
 * is what the cost model charges now minus what it would charge with the suggestion:
 * Σ hours × (max(request, usage) − max(suggested, usage)) / Σ hours × price × replicas × 730, where replicas
 * is the average number of pods while the workload ran.
 *
 * @public
 */
export function suggestRequests(
  pods: PodSamples[],
  prices: CostPrices,
  options: RightsizingOptions = {},
): RightsizingSuggestion[] {
  const windowStart = options.start ?? -Infinity;
  const windowEnd = options.end ?? Infinity;
  const sampleInterval = options.sampleInterval ?? 3600;
  const groups = new Map<
    string,
    {
      namespace: string;
      workload: string;
      container?: string;
      cpu: Collected;
      memory: Collected;
      hours: number;
      first: number;
      last: number;
    }
  >();
  for (const pod of pods) {
    const workload = workloadOf({
      name: pod.pod,
      labels: pod.labels,
      workload: pod.workload,
    });
    const key = `${pod.namespace}/${workload}/${pod.container ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        namespace: pod.namespace,
        workload,
        ...(pod.container !== undefined && { container: pod.container }),
        cpu: { usage: [], samples: [], requestAt: -Infinity },
        memory: { usage: [], samples: [], requestAt: -Infinity },
        hours: 0,
        first: Infinity,
        last: -Infinity,
      };
      groups.set(key, group);
    }
    const from = Math.max(pod.start, windowStart);
    const to = Math.min(pod.end ?? Infinity, windowEnd);
    const interval = pod.interval ?? sampleInterval;
    const ts = pod.timestamps;
    for (let k = 0; k < ts.length; k++) {
      const t1 = Math.min(
        ts[k] + interval,
        k + 1 < ts.length ? ts[k + 1] : Infinity,
      );
      const a = Math.max(ts[k], from);
      const b = Math.min(t1, to);
      if (!(b > a)) continue;
      const share = pod.coverage ? pod.coverage[k] : 1;
      if (!(share > 0)) continue;
      const hours = ((b - a) / 3600) * share;
      group.hours += hours;
      group.first = Math.min(group.first, a);
      group.last = Math.max(group.last, b);
      for (const [collected, usage, request] of [
        [group.cpu, pod.cpuUsageCores?.[k], pod.cpuRequestCores?.[k]],
        [group.memory, pod.memoryUsageBytes?.[k], pod.memoryRequestBytes?.[k]],
      ] as const) {
        if (usage !== undefined && !Number.isNaN(usage)) {
          collected.usage.push(usage);
          collected.samples.push({ usage, hours });
        }
        if (
          request !== undefined &&
          !Number.isNaN(request) &&
          ts[k] >= collected.requestAt
        ) {
          collected.request = request;
          collected.requestAt = ts[k];
        }
      }
    }
  }
  const percentile = options.percentile ?? 0.95;
  const headroom = options.headroom ?? 1.2;
  const scales = resourceScales(options, prices);
  const suggestions: RightsizingSuggestion[] = [];
  for (const group of groups.values()) {
    if (group.cpu.usage.length === 0 || group.memory.usage.length === 0) {
      continue; // no usage data: nothing to base a suggestion on
    }
    const replicas = group.hours / ((group.last - group.first) / 3600);
    const target = { percentile, headroom, replicas };
    const cpu = suggest(group.cpu, scales.cpu, target);
    const memory = suggest(group.memory, scales.memory, target);
    suggestions.push({
      namespace: group.namespace,
      workload: group.workload,
      ...(group.container !== undefined && { container: group.container }),
      replicas,
      cpu,
      memory,
      monthlySaving: cpu.monthlySaving + memory.monthlySaving,
    });
  }
  return suggestions.sort(
    (a, b) =>
      b.monthlySaving - a.monthlySaving ||
      `${a.namespace}/${a.workload}`.localeCompare(
        `${b.namespace}/${b.workload}`,
      ),
  );
}
