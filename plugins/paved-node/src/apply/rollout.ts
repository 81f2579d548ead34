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

/** The server's time of the latest apply to `object` (its newest `Apply` entry in `managedFields`). */
function lastAppliedAt(object: KubernetesObject): string | undefined {
  const fields = (object.metadata.managedFields ?? []) as Array<{
    operation?: string;
    time?: string;
  }>;
  return fields
    .filter(f => f.operation === 'Apply' && f.time)
    .map(f => f.time!)
    .sort()
    .at(-1);
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
    lastUpdateTime?: string;
  }> = status.conditions ?? [];
  switch (object.kind) {
    case 'Deployment': {
      const want = spec.replicas ?? 1;
      const updated = status.updatedReplicas ?? 0;
      const available = status.availableReplicas ?? 0;
      // a deadline exceeded by an earlier spec (the one a rollback replaces) says nothing of this one: the
      // controller keeps that condition, with its old time, until the new pods make progress, so only a
      // deadline exceeded after the latest apply (both times are the API server's) counts
      const appliedAt = lastAppliedAt(object);
      const stuck =
        seen &&
        conditions.find(
          c =>
            c.type === 'Progressing' &&
            c.reason === 'ProgressDeadlineExceeded' &&
            (!appliedAt || !c.lastUpdateTime || c.lastUpdateTime > appliedAt),
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
