import {
  CostDimension,
  CostInput,
  teamOf,
  workloadOf,
} from '../../../plugins/paved-node/src';
import { DIMENSIONS, H, end, prices, start } from './scenario';

const GiB = 1024 ** 3;

/**
 * The naive baseline: the same formulas written the straightforward way — one object per sample, day keys
 * as date strings, then a Map of groups per dimension. (Samples here are hour-aligned, so none straddles
 * midnight and the baseline need not split them.)
 */
export function naive(input: CostInput) {
  interface Row {
    namespace: string;
    workload: string;
    component: string;
    team: string;
    day: string;
    cpu: number;
    memory: number;
    storage: number;
    loadBalancer: number;
  }
  const rows: Row[] = [];
  const labelsOf = (namespace: string) => ({
    team: teamOf(namespace, input.namespaceLabels ?? {}) ?? '__unallocated__',
  });
  const day = (seconds: number) =>
    new Date(seconds * 1000).toISOString().slice(0, 10);
  for (const pod of input.pods) {
    const samples = Array.from(pod.timestamps, (t, k) => ({
      t,
      cpuRequest: pod.cpuRequestCores?.[k],
      cpuUsage: pod.cpuUsageCores?.[k],
      memoryRequest: pod.memoryRequestBytes?.[k],
      memoryUsage: pod.memoryUsageBytes?.[k],
    }));
    const base = {
      namespace: pod.namespace,
      workload: workloadOf({
        name: pod.pod,
        labels: pod.labels,
        workload: pod.workload,
      }),
      component:
        pod.labels?.['backstage.io/kubernetes-id'] ?? '__unallocated__',
      ...labelsOf(pod.namespace),
    };
    samples.forEach((sample, k) => {
      const next = samples[k + 1]?.t ?? Infinity;
      const from = Math.max(sample.t, pod.start, start);
      const to = Math.min(sample.t + H, next, pod.end ?? end, end);
      if (to <= from) return;
      const larger = (...values: Array<number | undefined>) => {
        const present = values.filter(
          (v): v is number => v !== undefined && !Number.isNaN(v),
        );
        return present.length > 0 ? Math.max(...present) : 0;
      };
      const hours = (to - from) / H;
      rows.push({
        ...base,
        day: day(from),
        cpu:
          hours *
          larger(sample.cpuRequest, sample.cpuUsage) *
          prices.cpuCoreHour,
        memory:
          ((hours * larger(sample.memoryRequest, sample.memoryUsage)) / GiB) *
          prices.memoryGiBHour,
        storage: 0,
        loadBalancer: 0,
      });
    });
  }
  for (const [list, kind] of [
    [input.volumes ?? [], 'storage'],
    [input.loadBalancers ?? [], 'loadBalancer'],
  ] as const) {
    for (const object of list) {
      const perHour =
        kind === 'storage'
          ? ((object as { sizeGiB: number }).sizeGiB * prices.storageGiBMonth) /
            730
          : prices.loadBalancerHour;
      for (let t = Math.max(object.start, start); t < end; ) {
        const to = Math.min(end, (Math.floor(t / 86400) + 1) * 86400);
        rows.push({
          namespace: object.namespace,
          workload: workloadOf({
            name: object.name,
            kind: kind === 'storage' ? 'volume' : 'loadBalancer',
            labels: object.labels,
          }),
          component:
            object.labels?.['backstage.io/kubernetes-id'] ?? '__unallocated__',
          ...labelsOf(object.namespace),
          day: day(t),
          cpu: 0,
          memory: 0,
          storage: kind === 'storage' ? ((to - t) / H) * perHour : 0,
          loadBalancer: kind === 'loadBalancer' ? ((to - t) / H) * perHour : 0,
        });
        t = to;
      }
    }
  }
  const monthStart = day(Date.UTC(2025, 5, 1) / 1000);
  const elapsedHours = (end - Date.UTC(2025, 5, 1) / 1000) / H;
  const keyOf: Record<CostDimension, (row: Row) => string> = {
    workload: row => `${row.namespace}/${row.workload}`,
    component: row => row.component,
    environment: row => row.namespace,
    team: row => row.team,
  };
  return DIMENSIONS.map(dimension => {
    const groups = new Map<
      string,
      { monthToDate: number; projected: number; daily: Map<string, number> }
    >();
    for (const row of rows) {
      const key = keyOf[dimension](row);
      const group = groups.get(key) ?? {
        monthToDate: 0,
        projected: 0,
        daily: new Map<string, number>(),
      };
      const total = row.cpu + row.memory + row.storage + row.loadBalancer;
      if (row.day >= monthStart) group.monthToDate += total;
      group.daily.set(row.day, (group.daily.get(row.day) ?? 0) + total);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      group.projected = (group.monthToDate / elapsedHours) * 720;
    }
    return { dimension, groups };
  });
}
