import { CostAmounts } from '@paved/plugin-paved-common';
import {
  CostGroup,
  CostReport,
  PodSamples,
  projectMonth,
} from '@paved/plugin-paved-node';

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
