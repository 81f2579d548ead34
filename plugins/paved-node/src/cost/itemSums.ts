import { AllocationResult } from './types';

/** Each item's month-to-date costs (cpu, memory, storage, loadBalancer, idle) and daily totals. */
export interface ItemSums {
  monthToDate: Float64Array;
  daily: Float64Array;
}

/**
 * Sums each item's cost series once for every report: month-to-date from bucket `firstMonthBucket`, and the
 * daily totals of the `days` buckets from `firstDay` (buckets before the window stay 0).
 */
export function itemSums(
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
