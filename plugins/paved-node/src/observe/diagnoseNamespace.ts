import { KubernetesClient } from '../cluster/KubernetesClient';
import { NamespacedSelection } from '../cluster/labelSelector';
import { Diagnosis, isErrorNamed } from '@paved/plugin-paved-common';
import {
  PodFacts,
  WorkloadFacts,
  diagnosePods,
  diagnoseWorkloads,
} from './diagnose';
import { LogLine, readLogs } from './logs';
import { memoryBytes, readPodMetrics } from './podMetrics';
import { mapWithConcurrency } from './concurrency';

const LOG_LINES = 10;
/** Crashed containers whose logs are read at once: many crash-looping pods must not flood the API server. */
const LOG_READS = 6;
/** Diagnoses of a container that exited: the last lines it wrote say why. */
const CRASHES = new Set(['crash-loop', 'oom-killed', 'failed-exit']);

/**
 * Reads the pods, Deployments and ReplicaSets matching a selector in one namespace and diagnoses them;
 * crash loops, OOM kills and failed exits come with the last lines the container wrote, OOM kills with the
 * container's current memory use when `metrics.k8s.io` has it.
 *
 * @public
 */
export async function diagnoseNamespace(
  client: KubernetesClient,
  options: NamespacedSelection,
): Promise<Diagnosis[]> {
  const ns = encodeURIComponent(options.namespace);
  const query = { labelSelector: options.labelSelector };
  const [pods, deployments, replicaSets] = await Promise.all([
    client.request<{ items: PodFacts[] }>({
      path: `/api/v1/namespaces/${ns}/pods`,
      query,
    }),
    client.request<{ items: WorkloadFacts[] }>({
      path: `/apis/apps/v1/namespaces/${ns}/deployments`,
      query,
    }),
    client.request<{ items: WorkloadFacts[] }>({
      path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
      query,
    }),
  ]);
  let podFindings = diagnosePods(pods.items);
  if (podFindings.some(d => d.kind === 'oom-killed')) {
    const memory = await memoryByContainer(client, options);
    if (memory) podFindings = diagnosePods(pods.items, { memoryBytes: memory });
  }
  const found = [
    ...diagnoseWorkloads([
      ...deployments.items.map(d => ({ ...d, kind: 'Deployment' })),
      ...replicaSets.items.map(r => ({ ...r, kind: 'ReplicaSet' })),
    ]),
    ...podFindings,
  ];
  await mapWithConcurrency(
    found.filter(d => CRASHES.has(d.kind) && d.container),
    LOG_READS,
    async d => {
      const target = {
        namespace: options.namespace,
        pod: d.object.name,
        container: d.container!,
        tailLines: LOG_LINES,
      };
      // the instance that crashed; before the first restart there is none, so the current one
      let lines = await logsOrNothing(
        readLogs(client, { ...target, previous: true }),
      );
      if (lines.length === 0)
        lines = await logsOrNothing(readLogs(client, target));
      d.lastLogLines = lines.map(l => l.text);
    },
  );
  return found;
}

/** A container without a (previous) log answers 400 or 404: no lines. */
async function logsOrNothing(read: Promise<LogLine[]>): Promise<LogLine[]> {
  return read.catch(error => {
    if (
      isErrorNamed(error, 'NotFoundError') ||
      isErrorNamed(error, 'InputError')
    )
      return [];
    throw error;
  });
}

/**
 * Memory use in bytes by pod and container, from `metrics.k8s.io`; undefined when the metrics API is not
 * served, not readable for the user, or has no sample yet.
 */
async function memoryByContainer(
  client: KubernetesClient,
  options: NamespacedSelection,
): Promise<Record<string, Record<string, number>> | undefined> {
  try {
    const samples = await readPodMetrics(client, options);
    return Object.fromEntries(
      samples.map(p => [
        p.metadata.name,
        Object.fromEntries(
          p.containers.map(c => [c.name, memoryBytes(c.usage.memory)]),
        ),
      ]),
    );
  } catch (error) {
    if (
      isErrorNamed(error, 'NotFoundError') ||
      isErrorNamed(error, 'NotAllowedError') ||
      isErrorNamed(error, 'ServiceUnavailableError')
    ) {
      return undefined;
    }
    throw error;
  }
}
