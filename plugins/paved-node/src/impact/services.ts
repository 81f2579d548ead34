import { isDeepStrictEqual } from 'node:util';
import { BlastRadius } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { objectKey, specOf, spoken } from './objects';
import { ModelPod } from './podModel';
import { describeSelector, matchesServiceSelector } from './selectors';

type ServiceImpact = BlastRadius['services'][number];

function selectorOf(service: KubernetesObject | undefined) {
  return specOf(service).selector as Record<string, string> | undefined;
}

function countBy(pods: ModelPod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const pod of pods) {
    const key = pod.workload ?? `Pod/${pod.name}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Why one workload's share of a Service's pods changes. */
function workloadCause(input: {
  workload: string;
  selector: string;
  matchedBefore: number;
  matchedAfter: number;
  totalBefore: number;
  totalAfter: number;
  removed: boolean;
  created: boolean;
}): string {
  const w = spoken(input.workload);
  if (input.removed) return `${w} is removed`;
  if (input.created) {
    return `the new ${w}'s pods match its selector ${input.selector}`;
  }
  if (input.matchedAfter === 0 && input.totalAfter > 0) {
    return `its selector ${input.selector} no longer matches ${w}'s pod labels`;
  }
  if (input.matchedBefore === 0 && input.totalBefore > 0) {
    return `${w}'s new pod labels match its selector ${input.selector}`;
  }
  return `${w} goes from ${input.totalBefore} to ${input.totalAfter} pods`;
}

/**
 * The Services whose selected pods change in number: for each Service that exists before the change and is
 * not removed, the pods its selector matches before (live pods) and after (the pod model). A Service the
 * change creates is left out (it is the change itself), and so is a Service whose count stays the same even
 * if other pods now make it up. Pods are counted ready or not.
 */
export function serviceImpacts(input: {
  liveServices: KubernetesObject[];
  changed: Map<string, KubernetesObject>;
  removed: Set<string>;
  before: ModelPod[];
  after: ModelPod[];
  liveWorkloads: Set<string>;
}): ServiceImpact[] {
  const impacts: ServiceImpact[] = [];
  for (const live of input.liveServices) {
    const key = objectKey(live);
    if (input.removed.has(key)) continue;
    const next = input.changed.get(key) ?? live;
    if (specOf(next).type === 'ExternalName') continue;
    const selectorBefore = selectorOf(live);
    const selectorAfter = selectorOf(next);
    const matchedBefore = input.before.filter(p =>
      matchesServiceSelector(selectorBefore, p.labels),
    );
    const matchedAfter = input.after.filter(p =>
      matchesServiceSelector(selectorAfter, p.labels),
    );
    const before = matchedBefore.length;
    const after = matchedAfter.length;
    if (before === after) continue;
    const shown = describeSelector({ matchLabels: selectorAfter ?? {} });
    let causes: string[];
    if (!isDeepStrictEqual(selectorBefore ?? {}, selectorAfter ?? {})) {
      causes = [
        `its selector changes from ${describeSelector({
          matchLabels: selectorBefore ?? {},
        })} to ${shown}`,
      ];
    } else {
      const mb = countBy(matchedBefore);
      const ma = countBy(matchedAfter);
      const tb = countBy(input.before);
      const ta = countBy(input.after);
      const workloads = [...new Set([...mb.keys(), ...ma.keys()])].sort();
      causes = workloads
        .filter(w => (mb.get(w) ?? 0) !== (ma.get(w) ?? 0))
        .map(w =>
          workloadCause({
            workload: w,
            selector: shown,
            matchedBefore: mb.get(w) ?? 0,
            matchedAfter: ma.get(w) ?? 0,
            totalBefore: tb.get(w) ?? 0,
            totalAfter: ta.get(w) ?? 0,
            removed: input.removed.has(w),
            created: !input.liveWorkloads.has(w) && !w.startsWith('Pod/'),
          }),
        );
    }
    const name = live.metadata.name;
    let problem: ServiceImpact['problem'] = 'gains-pods';
    if (after === 0) problem = 'no-endpoints';
    else if (after < before) problem = 'loses-pods';
    impacts.push({
      name,
      before,
      after,
      problem,
      message: `Service ${name} would select ${after} pod${
        after === 1 ? '' : 's'
      } (now ${before}): ${causes.join('; ')}`,
    });
  }
  return impacts.sort((a, b) => a.name.localeCompare(b.name));
}
