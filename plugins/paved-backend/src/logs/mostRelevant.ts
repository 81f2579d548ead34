import { PodContainers } from '@paved/plugin-paved-node';
import { LogSource } from '@paved/plugin-paved-common';

/**
 * How much a pod's log is likely wanted, lowest first: pods in trouble (not ready, restarted, failed),
 * then healthy running ones, then finished ones, then pods that have not started (no log yet).
 */
function relevance(pod: PodContainers): number {
  const troubled = pod.ready === false || (pod.restarts ?? 0) > 0;
  if (pod.phase === 'Failed' || (pod.phase === 'Running' && troubled)) return 0;
  if (pod.phase === 'Running') return 1;
  if (pod.phase === 'Succeeded') return 2;
  return 3;
}

/** A container that could be read: its target and the pod it belongs to. */
export interface Candidate {
  pod: PodContainers;
  target: LogSource;
}

/**
 * The `max` containers most worth reading: those of pods in trouble first; then running pods, then finished
 * ones, then ones that have not started — within each, taking the environments in turn so that each is
 * represented, each environment's next newest.
 */
export function mostRelevant<C extends Candidate>(
  candidates: C[],
  max: number,
): C[] {
  const newest = (a: C, b: C) =>
    (b.pod.created ?? '').localeCompare(a.pod.created ?? '') ||
    a.target.pod.localeCompare(b.target.pod) ||
    a.target.container.localeCompare(b.target.container);
  const chosen: C[] = [];
  for (const tier of [0, 1, 2, 3]) {
    const inTier = candidates.filter(c => relevance(c.pod) === tier);
    if (tier === 0) {
      chosen.push(...inTier.sort(newest).slice(0, max - chosen.length));
      continue;
    }
    const byEnvironment = new Map<string, C[]>();
    for (const c of inTier) {
      const key = `${c.target.cluster}/${c.target.namespace}`;
      const queue = byEnvironment.get(key) ?? [];
      queue.push(c);
      byEnvironment.set(key, queue);
    }
    const queues = [...byEnvironment.values()].map(q => q.sort(newest));
    while (chosen.length < max && queues.some(q => q.length > 0)) {
      for (const queue of queues) {
        const next = queue.shift();
        if (next && chosen.length < max) chosen.push(next);
      }
    }
  }
  return chosen;
}
