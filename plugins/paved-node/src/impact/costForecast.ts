import { CostForecast, parseQuantity } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { BYTES_PER_GIB, CostPrices, HOURS_PER_MONTH } from '../cost/prices';
import {
  afterState,
  byKey,
  hpaRange,
  hpaTarget,
  objectKey,
  replicasOf,
  specOf,
} from './objects';
import { RemovedObjectRef } from './types';

/**
 * A change's objects and the live objects they replace, for a cost forecast.
 *
 * @public
 */
export interface CostForecastInput {
  /** The namespace's live workloads and HorizontalPodAutoscalers (other kinds are ignored). */
  live: KubernetesObject[];
  /** The change's objects, as the server-side dry run returned them. */
  changed: KubernetesObject[];
  /** Objects the change deletes: a removed workload costs nothing after it. */
  removed?: RemovedObjectRef[];
  prices: CostPrices;
}

type Range = { min: number; max: number };

const ZERO: Range = { min: 0, max: 0 };
const HPA = new Set(['HorizontalPodAutoscaler']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

const round = (x: number) => Math.round(x * 100) / 100;
const roundRange = (r: Range): Range => ({
  min: round(r.min),
  max: round(r.max),
});

/** A container's request of a resource in base units: the request, else the limit (which Kubernetes copies), else 0. */
function requested(container: any, resource: 'cpu' | 'memory'): number {
  const value =
    container?.resources?.requests?.[resource] ??
    container?.resources?.limits?.[resource];
  if (value === undefined || value === null) return 0;
  return parseQuantity(String(value)) ?? 0;
}

/** The monthly cost of one pod of a workload: its containers' CPU and memory requests (init containers left out). */
function podMonthly(workload: KubernetesObject, prices: CostPrices): number {
  const containers = (specOf(workload).template?.spec?.containers ??
    []) as unknown[];
  const hourly = containers.reduce<number>(
    (sum, c) =>
      sum +
      requested(c, 'cpu') * prices.cpuCoreHour +
      (requested(c, 'memory') / BYTES_PER_GIB) * prices.memoryGiBHour,
    0,
  );
  return hourly * HOURS_PER_MONTH;
}

/** A workload's replica range: the HPA's min..max when one scales it, else its replicas for both. */
function replicaRange(
  workload: KubernetesObject,
  hpas: KubernetesObject[],
): Range {
  const hpa = hpas.find(h => hpaTarget(h) === objectKey(workload));
  if (hpa && workload.kind !== 'DaemonSet') return hpaRange(hpa);
  const replicas = replicasOf(workload);
  return { min: replicas, max: replicas };
}

function monthly(
  workload: KubernetesObject | undefined,
  hpas: KubernetesObject[],
  prices: CostPrices,
): Range {
  if (!workload) return ZERO;
  const pod = podMonthly(workload, prices);
  const { min, max } = replicaRange(workload, hpas);
  return { min: pod * min, max: pod * max };
}

/**
 * The monthly cost of a change's workloads before and after it, from CPU and memory requests × replicas ×
 * `HOURS_PER_MONTH` (730) hours at the cluster's prices. Covered: every Deployment, StatefulSet and
 * DaemonSet in `changed` or `removed` (before: its live version, or 0 when new; after: its changed version,
 * or 0 when removed), and the live targets of changed HPAs. Replicas are an HPA's min..max where one scales
 * the workload, else `spec.replicas` (1 when unset); a DaemonSet counts as one pod, since its pod count is
 * its node count. A container without a request is priced at its limit, or 0; init containers, Jobs and
 * CronJobs are left out. Amounts are rounded to cents once, at the end.
 *
 * @public
 */
export function forecastCost(input: CostForecastInput): CostForecast {
  const { prices } = input;
  const removed = new Set((input.removed ?? []).map(r => objectKey(r)));
  const changed = byKey(input.changed);
  const liveWorkloads = byKey(input.live.filter(o => WORKLOADS.has(o.kind)));
  const liveHpas = input.live.filter(o => HPA.has(o.kind));
  const hpasAfter = afterState(liveHpas, changed, removed, HPA);

  const covered = new Set<string>();
  for (const [key, object] of changed) {
    if (WORKLOADS.has(object.kind)) covered.add(key);
  }
  for (const key of removed) if (liveWorkloads.has(key)) covered.add(key);
  for (const hpa of [...liveHpas, ...hpasAfter]) {
    const key = objectKey(hpa);
    const target = hpaTarget(hpa);
    const touched = changed.has(key) || removed.has(key);
    if (touched && target && liveWorkloads.has(target)) covered.add(target);
  }

  const before: Range = { ...ZERO };
  const after: Range = { ...ZERO };
  const workloads: CostForecast['workloads'] = [];
  for (const key of [...covered].sort()) {
    const was = monthly(liveWorkloads.get(key), liveHpas, prices);
    const next = removed.has(key)
      ? ZERO
      : monthly(changed.get(key) ?? liveWorkloads.get(key), hpasAfter, prices);
    before.min += was.min;
    before.max += was.max;
    after.min += next.min;
    after.max += next.max;
    workloads.push({
      workload: key,
      before: roundRange(was),
      after: roundRange(next),
    });
  }
  return {
    currency: prices.currency,
    before: roundRange(before),
    after: roundRange(after),
    delta: roundRange({
      min: after.min - before.min,
      max: after.max - before.max,
    }),
    workloads,
  };
}
