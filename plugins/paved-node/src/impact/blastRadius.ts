import { BlastRadius } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { componentOf } from '../cost/workload';
import { findConflicts } from './conflicts';
import { cutTraffic } from './networkPolicies';
import {
  afterState,
  byKey,
  inNamespace,
  isRunningWorkload,
  objectKey,
  templateLabels,
} from './objects';
import { livePods, podsAfter, restartedPods } from './podModel';
import { matchesServiceSelector } from './selectors';
import { serviceImpacts } from './services';
import { LiveState, RemovedObjectRef } from './types';

/**
 * What a change is computed against: the namespace's live state, and the change's objects as the server-side
 * dry run returned them (each changed object's state after the change; objects not in `changed` keep their
 * live state). `removed` names objects the change deletes (e.g. what a rollback prunes).
 *
 * @public
 */
export interface BlastRadiusInput {
  namespace: string;
  /** The team owning the namespace's components, reported as their owner. */
  team?: string;
  live: LiveState;
  changed: KubernetesObject[];
  removed?: RemovedObjectRef[];
}

const kindsOf = (...kinds: string[]) => new Set(kinds);

/**
 * What a change touches beyond its own objects, computed without calling the cluster: the pods that restart
 * (their workload's pod template changes), Services whose selected pod count changes, HPA and
 * PodDisruptionBudget conflicts, traffic between components that a NetworkPolicy change cuts, and the
 * catalog components affected. Objects of `changed` in another namespace are ignored. No change gives empty
 * lists.
 *
 * @public
 */
export function computeBlastRadius(input: BlastRadiusInput): BlastRadius {
  const { live, namespace } = input;
  const changedObjects = inNamespace(input.changed, namespace);
  const changed = byKey(changedObjects);
  const removed = new Set((input.removed ?? []).map(r => objectKey(r)));
  const touched = new Set([...changed.keys(), ...removed]);

  const liveWorkloads = byKey(live.workloads.filter(isRunningWorkload));
  const changedWorkloads = byKey(changedObjects.filter(isRunningWorkload));
  const workloadsAfter = afterState(
    [...liveWorkloads.values()],
    changedWorkloads,
    removed,
    kindsOf('Deployment', 'StatefulSet', 'DaemonSet'),
  );
  const before = livePods(live.pods, [...liveWorkloads.values()]);
  const after = podsAfter({
    before,
    liveWorkloads,
    changedWorkloads,
    removed,
  });

  const restartingPods = [...changedWorkloads]
    .filter(([key]) => liveWorkloads.has(key))
    .map(([key, object]) => ({
      workload: key,
      pods: restartedPods(liveWorkloads.get(key)!, object, before),
    }))
    .filter(r => r.pods.length > 0)
    .sort((a, b) => a.workload.localeCompare(b.workload));

  const services = serviceImpacts({
    liveServices: live.services,
    changed,
    removed,
    before,
    after,
    liveWorkloads: new Set(liveWorkloads.keys()),
  });

  const conflicts = findConflicts({
    namespace,
    workloads: workloadsAfter,
    podDisruptionBudgets: afterState(
      live.podDisruptionBudgets,
      changed,
      removed,
      kindsOf('PodDisruptionBudget'),
    ),
    horizontalPodAutoscalers: afterState(
      live.horizontalPodAutoscalers,
      changed,
      removed,
      kindsOf('HorizontalPodAutoscaler'),
    ),
    changed: touched,
  });

  const cut = cutTraffic({
    before,
    after,
    policiesBefore: live.networkPolicies,
    policiesAfter: afterState(
      live.networkPolicies,
      changed,
      removed,
      kindsOf('NetworkPolicy'),
    ),
    changed: new Set(changed.keys()),
    removed,
    namespaceLabels: live.namespaceLabels ?? {
      'kubernetes.io/metadata.name': namespace,
    },
  });

  const components = new Set<string>();
  const add = (labels: Record<string, string> | undefined) => {
    const id = componentOf(labels);
    if (id) components.add(id);
  };
  for (const object of changedObjects) {
    add(object.metadata.labels);
    add(templateLabels(object));
  }
  for (const key of removed) {
    const object =
      liveWorkloads.get(key) ??
      [
        ...live.services,
        ...live.podDisruptionBudgets,
        ...live.horizontalPodAutoscalers,
        ...live.networkPolicies,
      ].find(o => objectKey(o) === key);
    add(object?.metadata.labels);
  }
  const restarting = new Set(restartingPods.flatMap(r => r.pods));
  for (const pod of before) if (restarting.has(pod.name)) add(pod.labels);
  const liveServices = byKey(live.services);
  for (const service of services) {
    const key = `Service/${service.name}`;
    const selectors = [liveServices.get(key), changed.get(key)].map(
      s => (s?.spec as { selector?: Record<string, string> })?.selector,
    );
    add(liveServices.get(key)?.metadata.labels);
    for (const pod of [...before, ...after]) {
      if (selectors.some(sel => matchesServiceSelector(sel, pod.labels))) {
        add(pod.labels);
      }
    }
  }
  for (const c of cut) {
    components.add(c.from);
    components.add(c.to);
  }

  return {
    restartingPods,
    services,
    conflicts,
    cutTraffic: cut,
    components: [...components].sort(),
    owners: input.team ? [input.team] : [],
  };
}
