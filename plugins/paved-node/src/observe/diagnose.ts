import { Diagnosis } from '@paved/plugin-paved-common';
import { containerState, diagnoseContainer } from './diagnoseContainer';

export { formatMemory, suggestMemory } from './diagnoseMemory';

type Status = Record<string, any>;

/** One container of a pod spec (the parts read here). */
interface ContainerSpec {
  name: string;
  resources?: {
    limits?: Record<string, string>;
    requests?: Record<string, string>;
  };
}

/** Pods as the API returns them (the parts read here). */
export interface PodFacts {
  metadata: { name: string };
  spec: {
    containers: ContainerSpec[];
    initContainers?: ContainerSpec[];
  };
  status?: Status;
}

/** Workloads as the API returns them (the parts read here). */
export interface WorkloadFacts {
  kind: string;
  metadata: { name: string };
  status?: Status;
}

/**
 * What else is known about the pods: current memory use in bytes, by pod and container (from `metrics.k8s.io`).
 *
 * @public
 */
export interface PodObservations {
  memoryBytes?: Record<string, Record<string, number>>;
}

/**
 * A diagnosis with the state it was read from, in Kubernetes' words (e.g.
 * `pod api-1 cannot be scheduled (Unschedulable): 0/3 nodes are available: …`): the diagnosis is what the
 * Troubleshooting card shows, the state is what a failed rollout reports.
 */
export interface Finding {
  diagnosis: Diagnosis;
  state: string;
}

/** A pod that is not scheduled: no node fits it, or something else holds it back. */
function schedulingFinding(pod: PodFacts): Finding | undefined {
  const object = { kind: 'Pod', name: pod.metadata.name };
  const scheduled = (pod.status?.conditions ?? []).find(
    (c: Status) => c.type === 'PodScheduled',
  );
  if (scheduled?.status !== 'False') return undefined;
  const message: string = scheduled.message ?? '';
  const short = /Insufficient (cpu|memory)/.exec(message)?.[1];
  const unschedulable = scheduled.reason === 'Unschedulable';
  return {
    diagnosis: {
      kind: 'unschedulable',
      object,
      cause: unschedulable
        ? `No node can run the pod: ${message}`
        : `The pod is not scheduled (${scheduled.reason}): ${message}`,
      fix: short
        ? `Lower the pod's ${short} request, or ask the platform team for nodes with more ${short}.`
        : 'Check the pod\u2019s node selector, affinity, tolerations and requests against the nodes.',
    },
    state: `pod ${pod.metadata.name} cannot be scheduled (${scheduled.reason}): ${scheduled.message}`,
  };
}

/**
 * The findings about pods: unschedulable pods, and for each init and app container an out-of-memory kill
 * (limit, current use and a suggested limit), a crash loop, an image pull error, a missing Secret or
 * ConfigMap or another reason it cannot be created or started, an exit with an error code, or a failing
 * readiness probe.
 */
export function podFindings(
  pods: PodFacts[],
  observations: PodObservations = {},
): Finding[] {
  const found: Finding[] = [];
  for (const pod of pods) {
    const status = pod.status ?? {};
    const scheduling = schedulingFinding(pod);
    if (scheduling) found.push(scheduling);
    const containers = [
      ...((status.initContainerStatuses ?? []) as Status[]).map(cs => ({
        cs,
        init: true,
        spec: pod.spec.initContainers?.find(c => c.name === cs.name),
      })),
      ...((status.containerStatuses ?? []) as Status[]).map(cs => ({
        cs,
        init: false,
        spec: pod.spec.containers.find(c => c.name === cs.name),
      })),
    ];
    for (const { cs, init, spec } of containers) {
      const diagnosis = diagnoseContainer({
        status: cs,
        init,
        memoryLimit: spec?.resources?.limits?.memory,
        podPhase: status.phase,
        usedBytes: observations.memoryBytes?.[pod.metadata.name]?.[cs.name],
      });
      if (diagnosis) {
        found.push({
          diagnosis: {
            ...diagnosis,
            object: { kind: 'Pod', name: pod.metadata.name },
          },
          state: `pod ${pod.metadata.name} ${containerState(cs)}`,
        });
      }
    }
  }
  return found;
}

/**
 * Diagnoses pods: crash loops, out-of-memory kills (limit, current use and a suggested limit), image pull
 * errors, missing Secrets or ConfigMaps and other containers that cannot be created or started, exits with
 * an error code, unschedulable pods, and failing readiness probes — of init containers too.
 *
 * @public
 */
export function diagnosePods(
  pods: PodFacts[],
  observations: PodObservations = {},
): Diagnosis[] {
  return podFindings(pods, observations).map(f => f.diagnosis);
}

/** The findings about workloads: rollouts that do not progress, and pods refused by a quota. */
export function workloadFindings(workloads: WorkloadFacts[]): Finding[] {
  const found: Finding[] = [];
  for (const w of workloads) {
    const object = { kind: w.kind, name: w.metadata.name };
    for (const c of (w.status?.conditions ?? []) as Status[]) {
      const state = `${w.kind} ${w.metadata.name} ${c.type} (${c.reason}): ${c.message}`;
      if (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') {
        found.push({
          diagnosis: {
            kind: 'rollout-stuck',
            object,
            cause: `The rollout is not progressing: ${c.message}`,
            fix: 'Look at the new pods\u2019 diagnoses; roll back if the new version cannot start.',
          },
          state,
        });
      }
      if (
        c.type === 'ReplicaFailure' &&
        c.status === 'True' &&
        /exceeded quota/.test(c.message ?? '')
      ) {
        found.push({
          diagnosis: {
            kind: 'quota-exceeded',
            object,
            cause: `Pods cannot be created: ${c.message}`,
            fix: 'Lower the requests or replicas, or ask a team lead to raise the environment\u2019s quota.',
          },
          state,
        });
      }
    }
  }
  return found;
}

/**
 * Diagnoses rollouts that do not progress, and ReplicaSets refused by a quota.
 *
 * @public
 */
export function diagnoseWorkloads(workloads: WorkloadFacts[]): Diagnosis[] {
  return workloadFindings(workloads).map(f => f.diagnosis);
}
