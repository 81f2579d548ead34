import { KubernetesObject } from '../apply/types';
import {
  objectKey,
  replicasOf,
  specOf,
  templateChanges,
  templateLabels,
  workloadSelector,
} from './objects';
import { matchesSelector } from './selectors';

/** A pod as the impact sees it: its labels and the workload (`Kind/name`) that owns it, if any. */
export interface ModelPod {
  name: string;
  labels: Record<string, string>;
  workload?: string;
}

/** The namespace's pods before and after a change. */
export interface PodModel {
  before: ModelPod[];
  after: ModelPod[];
}

/** Whether a live pod runs or will run: not finished and not being deleted. */
function isRunning(pod: KubernetesObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return (
    phase !== 'Succeeded' &&
    phase !== 'Failed' &&
    pod.metadata.deletionTimestamp === undefined
  );
}

/**
 * The live pods that run, each with the first live workload whose selector matches its labels (a pod's
 * owner is a ReplicaSet, so the selector is what ties it to its Deployment).
 */
export function livePods(
  pods: KubernetesObject[],
  workloads: KubernetesObject[],
): ModelPod[] {
  return pods
    .filter(isRunning)
    .map(pod => {
      const labels = pod.metadata.labels ?? {};
      const owner = workloads.find(w =>
        matchesSelector(workloadSelector(w), labels),
      );
      return {
        name: pod.metadata.name,
        labels,
        ...(owner ? { workload: objectKey(owner) } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The pods after a change, modelled simply:
 * - a pod of a workload whose pod template changes takes the labels of the new template (it is replaced by
 *   one made from it), and stays counted as that workload's pod even if the new labels no longer match the
 *   workload's selector;
 * - a changed Deployment or StatefulSet whose `spec.replicas` is set and changes by n gains n pods (new labels) or
 *   loses its last n pods;
 * - a workload the change creates contributes `spec.replicas` pods (1 when unset, 1 for a DaemonSet);
 * - pods of a removed workload are gone; every other pod is unchanged.
 */
export function podsAfter(input: {
  before: ModelPod[];
  liveWorkloads: Map<string, KubernetesObject>;
  changedWorkloads: Map<string, KubernetesObject>;
  removed: Set<string>;
}): ModelPod[] {
  const { before, liveWorkloads, changedWorkloads, removed } = input;
  const after: ModelPod[] = [];
  const byWorkload = new Map<string, ModelPod[]>();
  for (const pod of before) {
    if (!pod.workload) {
      after.push(pod);
      continue;
    }
    byWorkload.set(pod.workload, [
      ...(byWorkload.get(pod.workload) ?? []),
      pod,
    ]);
    if (!changedWorkloads.has(pod.workload) && !removed.has(pod.workload)) {
      after.push(pod);
    }
  }
  for (const [key, changed] of changedWorkloads) {
    if (removed.has(key)) continue;
    const live = liveWorkloads.get(key);
    const labels = templateLabels(changed);
    const fresh = (count: number, from: number) =>
      Array.from({ length: Math.max(count, 0) }, (_, i) => ({
        name: `${key} (new pod ${from + i + 1})`,
        labels,
        workload: key,
      }));
    if (!live) {
      after.push(...fresh(replicasOf(changed), 0));
      continue;
    }
    const own = byWorkload.get(key) ?? [];
    const relabel = templateChanges(live, changed);
    const delta =
      specOf(changed).replicas === undefined
        ? 0
        : replicasOf(changed) - replicasOf(live);
    const kept = own.slice(0, Math.max(own.length + Math.min(delta, 0), 0));
    after.push(...kept.map(pod => (relabel ? { ...pod, labels } : pod)));
    after.push(...fresh(delta, own.length));
  }
  return after;
}

/** The live pods a workload's changed pod template restarts, unless its update strategy is `OnDelete`. */
export function restartedPods(
  live: KubernetesObject,
  changed: KubernetesObject,
  before: ModelPod[],
): string[] {
  if (!templateChanges(live, changed)) return [];
  if (specOf(changed).updateStrategy?.type === 'OnDelete') return [];
  const key = objectKey(live);
  return before.filter(p => p.workload === key).map(p => p.name);
}
