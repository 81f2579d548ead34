import { KubernetesClient } from '../cluster/KubernetesClient';
import { labelSelector } from '../cluster/labelSelector';
import { KubernetesObject } from './types';

/** Kinds whose rollout Paved waits for. */
export const ROLLOUT_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
]);

type Status = Record<string, any>;

/**
 * The rollout of a workload counted in ready pods (StatefulSet, DaemonSet): done once the updated and the
 * ready counts both reach the wanted count and `settled` holds.
 */
function readyRollout(
  [want, updated, ready]: [number, number, number],
  settled: boolean,
) {
  return {
    done: settled && ready >= want && updated >= want,
    progress: `${updated}/${want} updated, ${ready}/${want} ready`,
  };
}

/** Whether a workload has rolled out, with a progress line; `failed` when it never will. */
export function rolloutState(object: KubernetesObject): {
  done: boolean;
  failed?: string;
  progress: string;
} {
  const spec = (object.spec ?? {}) as Status;
  const status = (object.status ?? {}) as Status;
  const generation = object.metadata.generation as number | undefined;
  const observed = status.observedGeneration as number | undefined;
  const seen =
    generation === undefined ||
    (observed !== undefined && observed >= generation);
  const conditions: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }> = status.conditions ?? [];
  switch (object.kind) {
    case 'Deployment': {
      const want = spec.replicas ?? 1;
      const updated = status.updatedReplicas ?? 0;
      const available = status.availableReplicas ?? 0;
      const stuck = conditions.find(
        c =>
          c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
      );
      return {
        done:
          seen &&
          updated >= want &&
          available >= want &&
          (status.replicas ?? 0) <= want,
        ...(stuck
          ? { failed: stuck.message ?? 'progress deadline exceeded' }
          : {}),
        progress: `${updated}/${want} updated, ${available}/${want} available`,
      };
    }
    case 'StatefulSet':
      return readyRollout(
        [
          spec.replicas ?? 1,
          status.updatedReplicas ?? 0,
          status.readyReplicas ?? 0,
        ],
        seen && status.currentRevision === status.updateRevision,
      );
    case 'DaemonSet':
      return readyRollout(
        [
          status.desiredNumberScheduled ?? 0,
          status.updatedNumberScheduled ?? 0,
          status.numberReady ?? 0,
        ],
        seen,
      );
    case 'Job': {
      const complete = conditions.find(
        c => c.type === 'Complete' && c.status === 'True',
      );
      const failed = conditions.find(
        c => c.type === 'Failed' && c.status === 'True',
      );
      const want = spec.completions ?? 1;
      return {
        done: Boolean(complete),
        ...(failed
          ? { failed: failed.message ?? failed.reason ?? 'job failed' }
          : {}),
        progress: `${status.succeeded ?? 0}/${want} succeeded, ${
          status.active ?? 0
        } active, ${status.failed ?? 0} failed`,
      };
    }
    default:
      return { done: true, progress: 'nothing to wait for' };
  }
}

/**
 * Why a workload's pods are not ready: each pod's blocking condition or container state, and the
 * newest warning events about them.
 *
 * @public
 */
export async function diagnoseWorkload(
  client: KubernetesClient,
  object: KubernetesObject,
): Promise<string[]> {
  const namespace = object.metadata.namespace as string;
  const selector = ((object.spec as Status | undefined)?.selector
    ?.matchLabels ?? {}) as Record<string, string>;
  const podSelector = labelSelector(
    object.kind === 'Job'
      ? { 'batch.kubernetes.io/job-name': object.metadata.name }
      : selector,
  );
  if (!podSelector) return [];
  const pods = await client.request<{
    items: Array<{ metadata: { name: string }; status?: Status }>;
  }>({
    path: `/api/v1/namespaces/${namespace}/pods`,
    query: { labelSelector: podSelector },
  });
  const reasons = new Set<string>();
  for (const pod of pods.items) {
    const status = pod.status ?? {};
    for (const c of status.conditions ?? []) {
      if (c.type === 'PodScheduled' && c.status === 'False') {
        reasons.add(
          `pod ${pod.metadata.name} cannot be scheduled (${c.reason}): ${c.message}`,
        );
      }
    }
    for (const cs of [
      ...(status.initContainerStatuses ?? []),
      ...(status.containerStatuses ?? []),
    ]) {
      const waiting = cs.state?.waiting;
      const terminated = cs.lastState?.terminated ?? cs.state?.terminated;
      if (
        waiting?.reason &&
        waiting.reason !== 'ContainerCreating' &&
        waiting.reason !== 'PodInitializing'
      ) {
        reasons.add(
          `pod ${pod.metadata.name} container ${cs.name} is waiting: ${
            waiting.reason
          }${waiting.message ? ` (${waiting.message})` : ''}`,
        );
      } else if (terminated && terminated.exitCode !== 0) {
        reasons.add(
          `pod ${pod.metadata.name} container ${cs.name} terminated: ${
            terminated.reason ?? 'Error'
          } (exit code ${terminated.exitCode})`,
        );
      }
    }
  }
  const names = new Set(pods.items.map(p => p.metadata.name));
  const events = await client.request<{
    items: Array<{
      type?: string;
      reason?: string;
      message?: string;
      involvedObject?: { name?: string };
      lastTimestamp?: string;
      eventTime?: string;
    }>;
  }>({
    path: `/api/v1/namespaces/${namespace}/events`,
    query: { fieldSelector: 'type=Warning' },
  });
  events.items
    .filter(
      e =>
        names.has(e.involvedObject?.name ?? '') ||
        e.involvedObject?.name === object.metadata.name,
    )
    .slice(-5)
    .forEach(e =>
      reasons.add(
        `event ${e.reason} on ${e.involvedObject?.name}: ${e.message}`,
      ),
    );
  if (pods.items.length === 0)
    reasons.add(`no pods exist for ${object.kind} ${object.metadata.name}`);
  return [...reasons];
}
