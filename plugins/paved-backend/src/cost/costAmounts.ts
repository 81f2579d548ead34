import { CostAmounts } from '@paved/plugin-paved-common';

/** The month-to-date amounts of a group. */
export function amountsOf(group: CostAmounts): CostAmounts {
  return {
    cpu: group.cpu,
    memory: group.memory,
    storage: group.storage,
    loadBalancer: group.loadBalancer,
    idle: group.idle,
    total: group.total,
  };
}

/** Adds `b` into `a`. */
export function addAmounts(a: CostAmounts, b: CostAmounts): CostAmounts {
  return {
    cpu: a.cpu + b.cpu,
    memory: a.memory + b.memory,
    storage: a.storage + b.storage,
    loadBalancer: a.loadBalancer + b.loadBalancer,
    idle: a.idle + b.idle,
    total: a.total + b.total,
  };
}

/** No cost. */
export function zeroAmounts(): CostAmounts {
  return { cpu: 0, memory: 0, storage: 0, loadBalancer: 0, idle: 0, total: 0 };
}

/** Adds the daily series `b` into `a` (same days), returning `a`. */
export function addDaily(a: number[], b: number[]): number[] {
  for (let d = 0; d < a.length && d < b.length; d++) a[d] += b[d];
  return a;
}
