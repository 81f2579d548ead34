import { BlastRadius } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { componentOf } from '../cost/workload';
import { objectKey, specOf } from './objects';
import { ModelPod } from './podModel';
import { LabelSelectorSpec, matchesSelector } from './selectors';

type CutTraffic = BlastRadius['cutTraffic'][number];
type Labels = Record<string, string>;
type Direction = 'Ingress' | 'Egress';

interface Peer {
  podSelector?: LabelSelectorSpec;
  namespaceSelector?: LabelSelectorSpec;
  ipBlock?: unknown;
}

/** The directions a policy governs: `policyTypes`, or Ingress (and Egress when it has egress rules). */
function directions(policy: KubernetesObject): Direction[] {
  const spec = specOf(policy);
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes;
  return spec.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

function selects(
  policy: KubernetesObject,
  direction: Direction,
  labels: Labels,
): boolean {
  return (
    directions(policy).includes(direction) &&
    matchesSelector(specOf(policy).podSelector ?? {}, labels)
  );
}

/**
 * Whether a peer matches a pod of the same namespace: a `podSelector` alone means this namespace; with a
 * `namespaceSelector` the namespace's labels must match it too; an `ipBlock` is taken to match no pod.
 */
function peerMatches(peer: Peer, labels: Labels, namespaceLabels: Labels) {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    return (
      matchesSelector(peer.namespaceSelector, namespaceLabels) &&
      (peer.podSelector === undefined ||
        matchesSelector(peer.podSelector, labels))
    );
  }
  return matchesSelector(peer.podSelector ?? {}, labels);
}

/** Whether one of a policy's rules in a direction admits the other side's labels; ports are not looked at. */
function admits(
  policy: KubernetesObject,
  direction: Direction,
  other: Labels,
  namespaceLabels: Labels,
): boolean {
  const spec = specOf(policy);
  const rules = (direction === 'Ingress' ? spec.ingress : spec.egress) ?? [];
  const side = direction === 'Ingress' ? 'from' : 'to';
  return (rules as Array<Record<string, Peer[] | undefined>>).some(rule => {
    const peers = rule[side];
    return (
      !peers ||
      peers.length === 0 ||
      peers.some(p => peerMatches(p, other, namespaceLabels))
    );
  });
}

/** The policies that select `own` in a direction and admit none of `other`; empty when traffic is allowed. */
function blockers(
  policies: KubernetesObject[],
  direction: Direction,
  own: Labels,
  other: Labels,
  namespaceLabels: Labels,
): KubernetesObject[] {
  const selecting = policies.filter(p => selects(p, direction, own));
  if (selecting.some(p => admits(p, direction, other, namespaceLabels))) {
    return [];
  }
  return selecting;
}

function allowed(
  policies: KubernetesObject[],
  from: Labels,
  to: Labels,
  namespaceLabels: Labels,
): boolean {
  return (
    blockers(policies, 'Ingress', to, from, namespaceLabels).length === 0 &&
    blockers(policies, 'Egress', from, to, namespaceLabels).length === 0
  );
}

/** The distinct label sets of each component's pods (`backstage.io/kubernetes-id`). */
function componentLabels(pods: ModelPod[]): Map<string, Labels[]> {
  const components = new Map<string, Map<string, Labels>>();
  for (const pod of pods) {
    const id = componentOf(pod.labels);
    if (!id) continue;
    const sets = components.get(id) ?? new Map<string, Labels>();
    sets.set(JSON.stringify(Object.entries(pod.labels).sort()), pod.labels);
    components.set(id, sets);
  }
  return new Map([...components].map(([id, sets]) => [id, [...sets.values()]]));
}

function anyAllowed(
  policies: KubernetesObject[],
  from: Labels[],
  to: Labels[],
  namespaceLabels: Labels,
): boolean {
  return from.some(f => to.some(t => allowed(policies, f, t, namespaceLabels)));
}

/**
 * Traffic between the namespace's components (pods grouped by `backstage.io/kubernetes-id`) that is allowed
 * before a change and not after it. A pair A → B is allowed when some pod of A may reach some pod of B:
 * no policy selects B's pod for Ingress or a selecting policy has an ingress rule admitting A's pod (no
 * `from` admits everyone), and likewise for Egress from A's pod. Ports are not looked at: a rule admits a
 * pod on any of its ports. Only traffic within the namespace is evaluated; a component's traffic to its own
 * pods and components without pods after the change are left out.
 */
export function cutTraffic(input: {
  before: ModelPod[];
  after: ModelPod[];
  policiesBefore: KubernetesObject[];
  policiesAfter: KubernetesObject[];
  changed: Set<string>;
  removed: Set<string>;
  namespaceLabels: Labels;
}): CutTraffic[] {
  const { policiesBefore, policiesAfter, namespaceLabels } = input;
  const before = componentLabels(input.before);
  const after = componentLabels(input.after);
  const cuts: CutTraffic[] = [];
  const ids = [...after.keys()].filter(id => before.has(id)).sort();
  for (const a of ids) {
    for (const b of ids) {
      if (a === b) continue;
      const wasAllowed = anyAllowed(
        policiesBefore,
        before.get(a)!,
        before.get(b)!,
        namespaceLabels,
      );
      if (
        !wasAllowed ||
        anyAllowed(policiesAfter, after.get(a)!, after.get(b)!, namespaceLabels)
      ) {
        continue;
      }
      cuts.push(
        blame({
          ...input,
          a,
          b,
          fromLabels: after.get(a)![0],
          toLabels: after.get(b)![0],
        }),
      );
    }
  }
  return cuts;
}

/** Names the policy that cuts A → B: a changed one that blocks, else a removed one that let it through. */
function blame(input: {
  a: string;
  b: string;
  fromLabels: Labels;
  toLabels: Labels;
  policiesBefore: KubernetesObject[];
  policiesAfter: KubernetesObject[];
  changed: Set<string>;
  removed: Set<string>;
  namespaceLabels: Labels;
}): CutTraffic {
  const { a, b, changed, namespaceLabels } = input;
  const ingress = blockers(
    input.policiesAfter,
    'Ingress',
    input.toLabels,
    input.fromLabels,
    namespaceLabels,
  );
  const egress = blockers(
    input.policiesAfter,
    'Egress',
    input.fromLabels,
    input.toLabels,
    namespaceLabels,
  );
  const pick = (list: KubernetesObject[]) =>
    list.find(p => changed.has(objectKey(p))) ?? list[0];
  // after the change no pod pair is allowed, so one direction has blockers
  const blocking = ingress.length > 0 ? pick(ingress) : pick(egress);
  const why =
    ingress.length > 0
      ? `NetworkPolicy ${blocking.metadata.name} selects ${b}'s pods for ingress and none of its rules admits ${a}'s pods`
      : `NetworkPolicy ${blocking.metadata.name} selects ${a}'s pods for egress and none of its rules lets them reach ${b}'s pods`;
  const removedAllow = input.policiesBefore.find(
    p =>
      input.removed.has(objectKey(p)) &&
      ((selects(p, 'Ingress', input.toLabels) &&
        admits(p, 'Ingress', input.fromLabels, namespaceLabels)) ||
        (selects(p, 'Egress', input.fromLabels) &&
          admits(p, 'Egress', input.toLabels, namespaceLabels))),
  );
  const blamed =
    removedAllow && !changed.has(objectKey(blocking)) ? removedAllow : blocking;
  return {
    from: a,
    to: b,
    policy: blamed.metadata.name,
    message: `${a} could no longer reach ${b}: ${why}${
      removedAllow
        ? `; NetworkPolicy ${removedAllow.metadata.name}, which let it through, is removed`
        : ''
    }`,
  };
}
