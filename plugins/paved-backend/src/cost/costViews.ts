import {
  AllocationResult,
  BudgetState,
  BudgetStatus,
  CostGroup,
  CostReport,
  PodSamples,
  projectMonth,
} from '@paved/plugin-paved-node';
import { BudgetView, CostAmounts, CostDriver, CostLine } from './types';

const STATES: BudgetState[] = ['ok', 'warning', 'over'];

/**
 * When the pods of a scope are first seen running in the cost history, clamped to `[monthStart, end]`: the
 * earliest sample with running time, moved forward by the part of its hour the pod was not running yet.
 * Without pods, `monthStart`.
 */
export function observedSince(
  pods: PodSamples[],
  monthStart: number,
  end: number,
): number {
  let earliest = Infinity;
  for (const pod of pods) {
    const interval = pod.interval ?? 3600;
    for (let k = 0; k < pod.timestamps.length; k++) {
      const t = pod.timestamps[k];
      if (t >= earliest) break;
      const share = pod.coverage ? pod.coverage[k] : 1;
      if (!(share > 0)) continue;
      const from = Math.max(t + (1 - Math.min(1, share)) * interval, pod.start);
      if (from < earliest) earliest = from;
      break;
    }
  }
  if (!Number.isFinite(earliest)) return monthStart;
  return Math.min(end, Math.max(monthStart, earliest));
}

/**
 * The share of each sample slot (keyed by its time) in which the cost history saw any pod running: the
 * largest coverage of any pod in the loaded input. A slot missing here, or with a small share, is a gap in the
 * history (Prometheus or kube-state-metrics not running), as long as anything ran in the loaded namespaces.
 */
export function monitoredShares(pods: PodSamples[]): Map<number, number> {
  const shares = new Map<number, number>();
  for (const pod of pods) {
    for (let k = 0; k < pod.timestamps.length; k++) {
      const share = Math.min(1, pod.coverage ? pod.coverage[k] : 1);
      if (!(share > 0)) continue;
      const t = pod.timestamps[k];
      if (!((shares.get(t) ?? 0) >= share)) shares.set(t, share);
    }
  }
  return shares;
}

/**
 * Hours of `[since, end)` the cost history covers, from {@link monitoredShares}: gaps in the history are left
 * out, time in which the scope's pods did not run while others did is not.
 */
export function observedHours(
  shares: Map<number, number>,
  since: number,
  end: number,
  interval: number = 3600,
): number {
  let seconds = 0;
  for (const [t, share] of shares) {
    // a slot cut by `since` (the pods' start inside it) already counts only its running part in `share`
    const overlap = Math.min(t + interval, end) - Math.max(t, since);
    if (overlap > 0) seconds += Math.min(overlap, share * interval);
  }
  return seconds / 3600;
}

/**
 * How a scope's month is projected. Pod costs (CPU, memory, idle share) are extrapolated from their rate over
 * the hours the history covers since the scope's pods are first seen this month ({@link observedHours}), so a
 * young Prometheus or a gap in it does not make the month look cheap. Storage and load balancers are charged
 * from their creation, so they use the month's elapsed hours. With a history that covers the whole month
 * both are the node library's `projectMonth`.
 */
export interface Projection {
  observedHours: number;
  elapsedHours: number;
  monthHours: number;
}

/** The projection of one scope in a report. */
export function projectionOf(report: CostReport, hours: number): Projection {
  return {
    observedHours: hours,
    elapsedHours: report.elapsedHours,
    monthHours: report.monthHours,
  };
}

/** The projected month of month-to-date amounts. */
export function project(amounts: CostAmounts, projection: Projection): number {
  const pods = amounts.cpu + amounts.memory + amounts.idle;
  const objects = amounts.storage + amounts.loadBalancer;
  return (
    projectMonth(pods, projection.observedHours, projection.monthHours) +
    projectMonth(objects, projection.elapsedHours, projection.monthHours)
  );
}

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

/** A report group as a response line, with the scope's projection. */
export function lineOf(
  group: CostGroup,
  options: {
    cluster: string;
    projection: Projection;
    environments: Map<string, string>;
  },
): CostLine {
  const namespace =
    group.namespace ?? (options.environments.has(group.key) ? group.key : '');
  return {
    key: `${options.cluster}/${group.key}`,
    name: group.name,
    cluster: options.cluster,
    ...(namespace && { namespace }),
    ...(namespace &&
      options.environments.has(namespace) && {
        environment: options.environments.get(namespace),
      }),
    ...amountsOf(group),
    projected: project(group, options.projection),
    daily: group.daily,
  };
}

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
  const resources = [
    'cpu',
    'memory',
    'storage',
    'loadBalancer',
    'idle',
  ] as const;
  const sums = new Map<string, CostDriver>();
  allocation.items.forEach((item, i) => {
    for (const resource of resources) {
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

/** A budget status with the worse of its two states as `status`. */
export function budgetView(status: BudgetStatus): BudgetView {
  const { team: _team, ...rest } = status;
  const worst = Math.max(
    STATES.indexOf(status.monthToDate.state),
    STATES.indexOf(status.projected.state),
  );
  return { ...rest, status: STATES[worst] };
}

/** A report whose groups carry the projections of {@link project}, per group scope. */
export function withProjections(
  report: CostReport,
  projectionOfGroup: (group: CostGroup) => Projection,
): CostReport {
  const groups = report.groups.map(group => ({
    ...group,
    projected: project(group, projectionOfGroup(group)),
  }));
  return {
    ...report,
    groups,
    total: {
      ...report.total,
      projected: groups.reduce((sum, g) => sum + g.projected, 0),
    },
  };
}
