import { InputError } from '@backstage/errors';
import { PAVED_LABELS, decodeEntityRefLabel } from '@paved/plugin-paved-common';
import { AllocationResult, CostBreakdown } from './types';

const DAY = 86400;

/**
 * Key of the group holding costs that belong to no workload, component or team.
 *
 * @public
 */
export const UNALLOCATED_GROUP = '__unallocated__';

/**
 * Key of the group holding idle cost that is not shared.
 *
 * @public
 */
export const IDLE_GROUP = '__idle__';

/**
 * What costs are grouped by: `workload` (namespace and owner, see `workloadOf`), `component` (the
 * `backstage.io/kubernetes-id` label), `environment` (the namespace) or `team` (the namespace's
 * `paved.dev/team` label, as a group ref).
 *
 * @public
 */
export type CostDimension = 'workload' | 'component' | 'environment' | 'team';

/**
 * The costs of one group. The breakdown is month-to-date.
 *
 * @public
 */
export interface CostGroup extends CostBreakdown {
  /** Unique within the report: `namespace/workload`, the component id, the namespace or the group ref. */
  key: string;
  /** The workload, component, namespace or group ref. */
  name: string;
  /** Namespace of a workload group. */
  namespace?: string;
  /** Month-to-date cost extrapolated to the whole month, see `projectMonth`. */
  projected: number;
  /** Cost per day, aligned with the report's `days`. */
  daily: number[];
}

/**
 * Costs grouped by one dimension.
 *
 * @public
 */
export interface CostReport {
  dimension: CostDimension;
  cluster: string;
  currency: string;
  /** Start of the current month (UTC), unix seconds. */
  monthStart: number;
  /** End of the data, unix seconds (the allocation's end). */
  now: number;
  /** Hours from `monthStart` to `now`. */
  elapsedHours: number;
  /** Hours in the current month. */
  monthHours: number;
  /** UTC dates (`YYYY-MM-DD`) of the daily series, oldest first; the last is today (partial). */
  days: string[];
  /** Groups, most expensive (month-to-date) first. */
  groups: CostGroup[];
  /** Sum of all groups. */
  total: Omit<CostGroup, 'key' | 'name' | 'namespace'>;
}

function monthStartOf(seconds: number) {
  const date = new Date(seconds * 1000);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / 1000;
}

function hoursInMonthOf(seconds: number) {
  const date = new Date(seconds * 1000);
  return (
    (Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) -
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)) /
    3_600_000
  );
}

/**
 * The window to allocate for a cost report at `now`: from UTC midnight of the earlier of the month's first
 * day and the first of the last `days` days, to `now` (unix seconds).
 *
 * @public
 */
export function costWindow(
  now: number,
  days: number = 30,
): { start: number; end: number } {
  const today = Math.floor(now / DAY) * DAY;
  return {
    start: Math.min(monthStartOf(now), today - (days - 1) * DAY),
    end: now,
  };
}

/**
 * Projects a month's cost linearly from the month-to-date rate: `monthToDate / elapsedHours × monthHours`.
 * At the very start of a month (no elapsed hours) it is the month-to-date cost.
 *
 * @public
 */
export function projectMonth(
  monthToDate: number,
  elapsedHours: number,
  monthHours: number,
): number {
  if (!(elapsedHours > 0)) return monthToDate;
  return (monthToDate / elapsedHours) * monthHours;
}

/**
 * The team of a namespace: its `paved.dev/team` label decoded to a group ref.
 *
 * @public
 */
export function teamOf(
  namespace: string,
  namespaceLabels: Record<string, Record<string, string>>,
): string | undefined {
  const label = namespaceLabels[namespace]?.[PAVED_LABELS.team];
  return label ? decodeEntityRefLabel(label) : undefined;
}

/**
 * Assigns each item the index of its group, creating groups in order of first appearance. Only the
 * workload dimension builds a key string per new group; the others key on strings the items already hold.
 */
function assignGroups(
  result: AllocationResult,
  dimension: CostDimension,
  groupIndex: Int32Array,
  meta: Array<{ key: string; name: string; namespace?: string }>,
) {
  const indexes = new Map<string, number>();
  const add = (key: string, name: string, namespace?: string) => {
    let index = indexes.get(key);
    if (index === undefined) {
      index = meta.length;
      indexes.set(key, index);
      meta.push(
        namespace === undefined ? { key, name } : { key, name, namespace },
      );
    }
    return index;
  };
  const { items } = result;
  switch (dimension) {
    case 'workload': {
      const byNamespace = new Map<string, Map<string, number>>();
      for (let i = 0; i < items.length; i++) {
        const { namespace, workload } = items[i];
        let workloads = byNamespace.get(namespace);
        if (!workloads) {
          workloads = new Map();
          byNamespace.set(namespace, workloads);
        }
        let index = workloads.get(workload);
        if (index === undefined) {
          index = add(`${namespace}/${workload}`, workload, namespace);
          workloads.set(workload, index);
        }
        groupIndex[i] = index;
      }
      return;
    }
    case 'component':
      for (let i = 0; i < items.length; i++) {
        const key = items[i].component ?? UNALLOCATED_GROUP;
        groupIndex[i] = add(key, key);
      }
      return;
    case 'environment':
      for (let i = 0; i < items.length; i++) {
        const key = items[i].namespace;
        groupIndex[i] = add(key, key);
      }
      return;
    case 'team': {
      const teams = new Map<string, string>();
      for (let i = 0; i < items.length; i++) {
        const { namespace } = items[i];
        let key = teams.get(namespace);
        if (key === undefined) {
          key = teamOf(namespace, result.namespaceLabels) ?? UNALLOCATED_GROUP;
          teams.set(namespace, key);
        }
        groupIndex[i] = add(key, key);
      }
      return;
    }
    default:
      throw new InputError(
        `Costs cannot be grouped by "${dimension}"; use workload, component, environment or team`,
      );
  }
}

function utcDate(seconds: number) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** Each item's month-to-date costs (cpu, memory, storage, loadBalancer, idle) and daily totals. */
interface ItemSums {
  monthToDate: Float64Array;
  daily: Float64Array;
}

function itemSums(
  result: AllocationResult,
  firstMonthBucket: number,
  firstDay: number,
  days: number,
): ItemSums {
  const nb = result.bucketStarts.length;
  const count = result.items.length;
  const monthToDate = new Float64Array(count * 5);
  const daily = new Float64Array(count * days);
  const { cpu, memory, storage, loadBalancer, idle } = result.series;
  const firstBucket = Math.max(0, Math.min(firstMonthBucket, firstDay));
  for (let i = 0; i < count; i++) {
    const row = i * nb;
    const dailyRow = i * days - firstDay;
    let c = 0;
    let m = 0;
    let st = 0;
    let lb = 0;
    let id = 0;
    for (let b = firstBucket; b < nb; b++) {
      const index = row + b;
      const bc = cpu[index];
      const bm = memory[index];
      const bs = storage[index];
      const bl = loadBalancer[index];
      const bi = idle[index];
      if (b >= firstMonthBucket) {
        c += bc;
        m += bm;
        st += bs;
        lb += bl;
        id += bi;
      }
      if (b >= firstDay) daily[dailyRow + b] = bc + bm + bs + bl + bi;
    }
    const s = i * 5;
    monthToDate[s] = c;
    monthToDate[s + 1] = m;
    monthToDate[s + 2] = st;
    monthToDate[s + 3] = lb;
    monthToDate[s + 4] = id;
  }
  return { monthToDate, daily };
}

function report(
  result: AllocationResult,
  dimension: CostDimension,
  sumsOfItems: ItemSums,
  frame: {
    days: number;
    firstMonthBucket: number;
    firstDay: number;
    monthStart: number;
    dayStarts: number[];
  },
): CostReport {
  const { days, firstMonthBucket, firstDay, monthStart } = frame;
  const now = result.end;
  const meta: Array<{ key: string; name: string; namespace?: string }> = [];
  const groupIndex = new Int32Array(result.items.length);
  assignGroups(result, dimension, groupIndex, meta);
  const unsharedIdle = result.idle.unshared.some(v => v > 0);
  if (unsharedIdle) {
    meta.push({ key: IDLE_GROUP, name: IDLE_GROUP });
  }

  const g = meta.length;
  // month-to-date sums per group: cpu, memory, storage, loadBalancer, idle
  const sums = new Float64Array(g * 5);
  const daily = new Float64Array(g * days);
  for (let i = 0; i < result.items.length; i++) {
    const group = groupIndex[i];
    const s = group * 5;
    const itemS = i * 5;
    for (let r = 0; r < 5; r++)
      sums[s + r] += sumsOfItems.monthToDate[itemS + r];
    const row = group * days;
    const itemRow = i * days;
    for (let d = 0; d < days; d++)
      daily[row + d] += sumsOfItems.daily[itemRow + d];
  }
  if (unsharedIdle) {
    const group = g - 1;
    result.idle.unshared.forEach((value, b) => {
      if (b >= firstMonthBucket) sums[group * 5 + 4] += value;
      if (b >= firstDay) daily[group * days - firstDay + b] += value;
    });
  }

  const elapsedHours = (now - monthStart) / 3600;
  const monthHours = hoursInMonthOf(now);
  const dailyOf = (index: number) => {
    const values = new Array<number>(days);
    for (let d = 0; d < days; d++) values[d] = daily[index * days + d];
    return values;
  };
  const groups: CostGroup[] = meta.map((group, index) => {
    const s = index * 5;
    const total =
      sums[s] + sums[s + 1] + sums[s + 2] + sums[s + 3] + sums[s + 4];
    return {
      ...group,
      cpu: sums[s],
      memory: sums[s + 1],
      storage: sums[s + 2],
      loadBalancer: sums[s + 3],
      idle: sums[s + 4],
      total,
      projected: projectMonth(total, elapsedHours, monthHours),
      daily: dailyOf(index),
    };
  });
  groups.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));

  const total = {
    cpu: 0,
    memory: 0,
    storage: 0,
    loadBalancer: 0,
    idle: 0,
    total: 0,
    projected: 0,
    daily: new Array<number>(days).fill(0),
  };
  for (const group of groups) {
    total.cpu += group.cpu;
    total.memory += group.memory;
    total.storage += group.storage;
    total.loadBalancer += group.loadBalancer;
    total.idle += group.idle;
    total.total += group.total;
    total.projected += group.projected;
    group.daily.forEach((value, d) => {
      total.daily[d] += value;
    });
  }

  return {
    dimension,
    cluster: result.cluster,
    currency: result.currency,
    monthStart,
    now,
    elapsedHours,
    monthHours,
    days: frame.dayStarts.map(utcDate),
    groups,
    total,
  };
}

/**
 * Groups an allocation by several dimensions at once (see {@link aggregateCosts}); the per-item sums are
 * computed once for all of them.
 *
 * @public
 */
export function costReports(
  result: AllocationResult,
  dimensions: CostDimension[],
  options: { days?: number } = {},
): CostReport[] {
  const days = options.days ?? 30;
  const nb = result.bucketStarts.length;
  const monthStart = monthStartOf(result.end);
  if (
    result.bucketSeconds !== DAY ||
    result.start % DAY !== 0 ||
    result.start > monthStart
  ) {
    throw new InputError(
      'A cost report needs an allocation in daily buckets from UTC midnight on or before the first of the month; ' +
        'allocate over costWindow(now) with the default bucketSeconds',
    );
  }
  const firstMonthBucket = (monthStart - result.start) / DAY;
  const firstDay = nb - days;
  const frame = {
    days,
    firstMonthBucket,
    firstDay,
    monthStart,
    dayStarts: Array.from(
      { length: days },
      (_, d) => result.start + (firstDay + d) * DAY,
    ),
  };
  const sums = itemSums(result, firstMonthBucket, firstDay, days);
  return dimensions.map(dimension => report(result, dimension, sums, frame));
}

/**
 * Groups an allocation by one dimension: month-to-date breakdown, projected month (see
 * {@link projectMonth}) and the daily series of the last `days` days (30 by default; days before the
 * window are 0). The allocation must use daily buckets starting at UTC midnight and reach back to the
 * month's start — allocate over {@link costWindow}. Idle cost that is not shared is the group `__idle__`;
 * costs without a component or team are `__unallocated__`.
 *
 * @public
 */
export function aggregateCosts(
  result: AllocationResult,
  dimension: CostDimension,
  options: { days?: number } = {},
): CostReport {
  return costReports(result, [dimension], options)[0];
}
