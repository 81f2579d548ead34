import { KubernetesObject } from './types';

/**
 * How many objects of one apply are in flight at once: a request's time limit then counts from when it is
 * sent, never while it waits behind hundreds of others for a connection (as many as a cluster's default
 * request connections, `paved.limits.connections.requestSockets`).
 */
export const APPLY_CONCURRENCY = 32;

/**
 * Kinds sent after the others: workloads, whose controllers start making ReplicaSets and pods at once (so
 * the configuration, accounts and Services they use are in place first, and that work does not compete
 * with the rest of the apply), and autoscalers after the workloads they scale.
 */
const LATER: Record<string, number> = {
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

/**
 * Starts `start` for every object, at most `limit` at once, in send order (see {@link LATER}; otherwise the
 * given order), and answers the promises in the order of `objects`.
 */
export function startInSendOrder<T>(
  objects: KubernetesObject[],
  start: (object: KubernetesObject) => Promise<T>,
  limit = APPLY_CONCURRENCY,
): Array<Promise<T>> {
  const order = objects
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (LATER[objects[a].kind] ?? 0) - (LATER[objects[b].kind] ?? 0) || a - b,
    );
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
  for (const i of order) {
    promises[i] = (async () => {
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
