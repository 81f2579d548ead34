import { podDependencies } from './podDependencies';
import { KubernetesObject } from './types';

/**
 * How many objects of one apply are in flight at once: a request's time limit then counts from when it is
 * sent, never while it waits behind hundreds of others for a connection (as many as a cluster's default
 * request connections, `paved.limits.connections.requestSockets`).
 */
export const APPLY_CONCURRENCY = 32;

/**
 * The order kinds are sent in (lower first; unlisted kinds are 0). Services go first: the API server hands
 * out their cluster IPs one at a time, so a set's Services take longest and their chain runs beside the
 * rest. Workloads go after the others, since their controllers start making ReplicaSets and pods at once
 * (the configuration, accounts and Services they use are in place first, and that work does not compete with
 * the rest of the apply); autoscalers go after the workloads they scale.
 */
const SEND_RANK: Record<string, number> = {
  Service: -1,
  Deployment: 1,
  StatefulSet: 1,
  DaemonSet: 1,
  ReplicaSet: 1,
  ReplicationController: 1,
  Pod: 1,
  Job: 1,
  CronJob: 1,
  HorizontalPodAutoscaler: 2,
};

/** Whether objects of this kind make pods (sent after every other object but autoscalers). */
export function isWorkloadKind(kind: string): boolean {
  return SEND_RANK[kind] === 1;
}

/**
 * Starts `start` for every object, at most `limit` at once, in send order (see {@link SEND_RANK}; otherwise
 * the given order), and answers the promises in the order of `objects`. With `workloadsLast`, workloads
 * and autoscalers wait:
 * - in a set larger than `limit`, for every other object to settle: their controllers' work (ReplicaSets,
 *   pods, scheduling) then does not slow the API server while the rest of the set, Services above all, is
 *   still being written;
 * - in a set that fits in flight at once, only for what their pods need (see {@link podDependencies}):
 *   waiting for the rest would only add a round trip.
 */
export function startInSendOrder<T>(
  objects: KubernetesObject[],
  start: (object: KubernetesObject) => Promise<T>,
  limit = APPLY_CONCURRENCY,
  workloadsLast = false,
): Array<Promise<T>> {
  const rank = (i: number) => SEND_RANK[objects[i].kind] ?? 0;
  const order = objects
    .map((_, i) => i)
    .sort((a, b) => rank(a) - rank(b) || a - b);
  const promises = new Array<Promise<T>>(objects.length);
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running >= limit) await new Promise<void>(r => waiting.push(r));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  // workloads and autoscalers wait for other objects, all of them started before
  let rest: Promise<unknown> | undefined;
  const gateOf = (i: number) => {
    if (!workloadsLast || rank(i) < 1) return undefined;
    if (objects.length <= limit) {
      const needs = podDependencies(objects, i).filter(j => rank(j) < 1);
      return needs.length > 0
        ? Promise.allSettled(needs.map(j => promises[j]))
        : undefined;
    }
    rest ??= Promise.allSettled(
      order.filter(j => rank(j) < 1).map(j => promises[j]),
    );
    return rest;
  };
  for (const i of order) {
    const gate = gateOf(i);
    promises[i] = (async () => {
      if (gate) await gate;
      await slot();
      try {
        return await start(objects[i]);
      } finally {
        release();
      }
    })();
  }
  return promises;
}
