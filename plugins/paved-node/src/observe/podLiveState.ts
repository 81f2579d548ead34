import { LivePodState } from '@paved/plugin-paved-common';

/**
 * The parts of a container's status live updates read.
 *
 * @public
 */
export interface WatchedContainerStatus {
  ready?: boolean;
  state?: {
    waiting?: { reason?: string };
    terminated?: { reason?: string };
  };
}

/**
 * The parts of a pod live updates read.
 *
 * @public
 */
export interface WatchedPod {
  metadata: {
    name: string;
    resourceVersion?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{
      kind: string;
      name: string;
      controller?: boolean;
    }>;
  };
  status?: {
    phase?: string;
    reason?: string;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
    initContainerStatuses?: WatchedContainerStatus[];
    containerStatuses?: WatchedContainerStatus[];
  };
}

/**
 * The workload a pod belongs to: its controller, with a ReplicaSet read as its Deployment (the name
 * without the `pod-template-hash` suffix). Jobs and bare pods have none.
 *
 * @public
 */
export function podWorkload(
  pod: WatchedPod,
): { kind: string; name: string } | undefined {
  const owner =
    pod.metadata.ownerReferences?.find(o => o.controller) ??
    pod.metadata.ownerReferences?.[0];
  if (!owner) return undefined;
  if (owner.kind === 'ReplicaSet') {
    const hash = pod.metadata.labels?.['pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      return {
        kind: 'Deployment',
        name: owner.name.slice(0, -hash.length - 1),
      };
    }
    return { kind: 'ReplicaSet', name: owner.name };
  }
  if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
    return { kind: owner.kind, name: owner.name };
  }
  return undefined;
}

/**
 * Whether the pod counts as ready: its Ready condition is True and it is not being deleted.
 *
 * @public
 */
export function isPodReady(pod: WatchedPod): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

function notReadyReason(pod: WatchedPod): string | undefined {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  const containers = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  for (const c of containers) {
    if (c.state?.waiting?.reason) return c.state.waiting.reason;
  }
  for (const c of containers) {
    if (c.state?.terminated?.reason && !c.ready) {
      return c.state.terminated.reason;
    }
  }
  const conditions = pod.status?.conditions ?? [];
  const failed =
    conditions.find(c => c.type === 'PodScheduled' && c.status === 'False') ??
    conditions.find(c => c.type === 'Ready' && c.status !== 'True');
  return failed?.reason ?? pod.status?.reason;
}

/**
 * What live updates say about a pod now: ready or not, its phase and why it is not ready (without the
 * workload's ready count, which needs the other pods).
 *
 * @public
 */
export function podLiveState(pod: WatchedPod): Omit<LivePodState, 'workload'> {
  const ready = isPodReady(pod);
  const reason = ready ? undefined : notReadyReason(pod);
  return {
    pod: pod.metadata.name,
    ready,
    phase: pod.status?.phase ?? 'Unknown',
    ...(reason ? { reason } : {}),
  };
}
