import { CostDriver } from '@paved/plugin-paved-common';
import { AllocationResult } from '@paved/plugin-paved-node';

/** The resources a cost driver can be. */
const RESOURCES = ['cpu', 'memory', 'storage', 'loadBalancer', 'idle'] as const;

/**
 * The largest workload × resource costs of an allocation (month-to-date: buckets from `monthStart`), most
 * expensive first.
 */
export function topDrivers(
  allocation: AllocationResult,
  options: {
    monthStart: number;
    total: number;
    environments: Map<string, string>;
    limit?: number;
  },
): CostDriver[] {
  const nb = allocation.bucketStarts.length;
  const first = allocation.bucketStarts.findIndex(
    start => start >= options.monthStart,
  );
  const sums = new Map<string, CostDriver>();
  allocation.items.forEach((item, i) => {
    for (const resource of RESOURCES) {
      const series = allocation.series[resource];
      let amount = 0;
      for (let b = Math.max(0, first); b < nb; b++)
        amount += series[i * nb + b];
      if (!(amount > 0)) continue;
      const key = `${item.namespace}/${item.workload}/${resource}`;
      const driver = sums.get(key) ?? {
        cluster: allocation.cluster,
        namespace: item.namespace,
        environment: options.environments.get(item.namespace) ?? item.namespace,
        workload: item.workload,
        resource,
        monthToDate: 0,
        share: 0,
      };
      driver.monthToDate += amount;
      sums.set(key, driver);
    }
  });
  return [...sums.values()]
    .map(d => ({
      ...d,
      share: options.total > 0 ? d.monthToDate / options.total : 0,
    }))
    .sort((a, b) => b.monthToDate - a.monthToDate)
    .slice(0, options.limit ?? 5);
}
