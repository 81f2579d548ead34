import { InputError } from '@backstage/errors';
import {
  DAY,
  hoursInMonthOf,
  monthStartOf,
  projectMonth,
  utcDate,
} from './costCalendar';
import {
  CostDimension,
  GroupMeta,
  IDLE_GROUP,
  assignGroups,
} from './costGroups';
import { ItemSums, itemSums } from './itemSums';
import { AllocationResult, CostBreakdown } from './types';

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

/** One dimension's report from the per-item sums shared by every dimension of {@link costReports}. */
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
  const meta: GroupMeta[] = [];
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
 * Groups an allocation by several dimensions at once (see `aggregateCosts`); the per-item sums are
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
 * `projectMonth`) and the daily series of the last `days` days (30 by default; days before the
 * window are 0). The allocation must use daily buckets starting at UTC midnight and reach back to the
 * month's start — allocate over `costWindow`. Idle cost that is not shared is the group `__idle__`;
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
