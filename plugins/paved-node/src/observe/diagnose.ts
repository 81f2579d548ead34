import { Diagnosis, parseQuantity } from '@paved/plugin-paved-common';
import { memoryBytes } from './podMetrics';

type Status = Record<string, any>;

/** Pods as the API returns them (the parts read here). */
export interface PodFacts {
  metadata: { name: string };
  spec: {
    containers: Array<{
      name: string;
      resources?: {
        limits?: Record<string, string>;
        requests?: Record<string, string>;
      };
    }>;
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
 * Diagnoses pods: crash loops, out-of-memory kills (limit, current use and a suggested limit), image pull
 * errors, unschedulable pods, and failing readiness probes.
 *
 * @public
 */
export function diagnosePods(
  pods: PodFacts[],
  observations: PodObservations = {},
): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const pod of pods) {
    const status = pod.status ?? {};
    const object = { kind: 'Pod', name: pod.metadata.name };
    const scheduled = (status.conditions ?? []).find(
      (c: Status) => c.type === 'PodScheduled',
    );
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      const message: string = scheduled.message ?? '';
      const short = /Insufficient (cpu|memory)/.exec(message)?.[1];
      found.push({
        kind: 'unschedulable',
        object,
        cause: `No node can run the pod: ${message}`,
        fix: short
          ? `Lower the pod's ${short} request, or ask the platform team for nodes with more ${short}.`
          : 'Check the pod\u2019s node selector, affinity, tolerations and requests against the nodes.',
      });
    }
    for (const cs of (status.containerStatuses ?? []) as Status[]) {
      const limit = pod.spec.containers.find(c => c.name === cs.name)?.resources
        ?.limits?.memory;
      const waiting = cs.state?.waiting;
      const lastTerminated = cs.lastState?.terminated;
      const restarts: number = cs.restartCount ?? 0;
      // restarted after a failed exit and not ready again: between two crashes of a crash loop
      const restartedAfterFailure =
        cs.state?.running &&
        cs.ready === false &&
        restarts > 0 &&
        lastTerminated &&
        lastTerminated.exitCode !== 0;
      if (
        lastTerminated?.reason === 'OOMKilled' ||
        cs.state?.terminated?.reason === 'OOMKilled'
      ) {
        const usedBytes =
          observations.memoryBytes?.[pod.metadata.name]?.[cs.name];
        const usage =
          usedBytes !== undefined ? formatMemory(usedBytes) : undefined;
        const limitBytes = limit ? memoryBytes(limit) : 0;
        const share =
          usedBytes !== undefined && limitBytes > 0
            ? `, ${Math.round((usedBytes / limitBytes) * 100)} % of the limit`
            : '';
        const suggestedLimit = limit ? suggestMemory(limit) : undefined;
        found.push({
          kind: 'oom-killed',
          object,
          container: cs.name,
          cause: `Container ${cs.name} used more memory than its limit${
            limit ? ` (${limit})` : ''
          } and was killed (restarts: ${restarts}).${
            usage ? ` It uses ${usage} now${share}.` : ''
          }`,
          fix: suggestedLimit
            ? `Raise resources.limits.memory to at least ${suggestedLimit}, or find what grows in memory.`
            : 'Set resources.limits.memory with headroom over the container\u2019s peak use.',
          restarts,
          ...(limit || usage
            ? {
                memory: {
                  ...(limit ? { limit } : {}),
                  ...(usage ? { usage } : {}),
                  ...(suggestedLimit ? { suggestedLimit } : {}),
                },
              }
            : {}),
        });
      } else if (
        waiting?.reason === 'CrashLoopBackOff' ||
        restartedAfterFailure
      ) {
        found.push({
          kind: 'crash-loop',
          object,
          container: cs.name,
          cause: `Container ${cs.name} keeps exiting${
            lastTerminated
              ? ` (last exit code ${lastTerminated.exitCode}${
                  lastTerminated.reason ? `, ${lastTerminated.reason}` : ''
                })`
              : ''
          } and restarted ${restarts} time${restarts === 1 ? '' : 's'}.`,
          fix: 'Read its last log lines; check the command, the configuration and the secrets it needs.',
          restarts,
        });
      } else if (
        waiting?.reason === 'ErrImagePull' ||
        waiting?.reason === 'ImagePullBackOff' ||
        waiting?.reason === 'InvalidImageName'
      ) {
        found.push({
          kind: 'image-pull',
          object,
          container: cs.name,
          cause: `The image of ${cs.name} cannot be pulled: ${
            waiting.message ?? waiting.reason
          }`,
          fix: 'Check the image name and tag exist in the registry, and that the namespace can pull from it.',
        });
      } else if (
        cs.state?.running &&
        cs.ready === false &&
        status.phase === 'Running'
      ) {
        found.push({
          kind: 'probe-failing',
          object,
          container: cs.name,
          cause: `Container ${cs.name} runs but is not ready: its readiness probe fails.`,
          fix: 'Check the probe\u2019s path, port and timing against what the application serves.',
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
  const found: Diagnosis[] = [];
  for (const w of workloads) {
    for (const c of (w.status?.conditions ?? []) as Status[]) {
      if (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') {
        found.push({
          kind: 'rollout-stuck',
          object: { kind: w.kind, name: w.metadata.name },
          cause: `The rollout is not progressing: ${c.message}`,
          fix: 'Look at the new pods\u2019 diagnoses; roll back if the new version cannot start.',
        });
      }
      if (
        c.type === 'ReplicaFailure' &&
        c.status === 'True' &&
        /exceeded quota/.test(c.message ?? '')
      ) {
        found.push({
          kind: 'quota-exceeded',
          object: { kind: w.kind, name: w.metadata.name },
          cause: `Pods cannot be created: ${c.message}`,
          fix: 'Lower the requests or replicas, or ask a team lead to raise the environment\u2019s quota.',
        });
      }
    }
  }
  return found;
}

/** Bytes as a memory quantity: whole Mi below 1Gi, Gi with one decimal above, e.g. `250Mi`, `1.5Gi`. */
export function formatMemory(bytes: number): string {
  const mi = bytes / 1024 ** 2;
  if (mi < 1024) return `${Math.round(mi)}Mi`;
  return `${Math.round((mi / 1024) * 10) / 10}Gi`;
}

/** 1.5 times a memory limit, rounded up to a whole Mi or Gi. */
export function suggestMemory(limit: string): string {
  const bytes = parseQuantity(limit);
  if (bytes === undefined) return limit;
  const mi = (bytes / 2 ** 20) * 1.5;
  return mi >= 1024 ? `${Math.ceil(mi / 1024)}Gi` : `${Math.ceil(mi)}Mi`;
}
