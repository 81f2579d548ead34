import { KubernetesClient } from '../cluster/KubernetesClient';
import { labelSelector } from '../cluster/labelSelector';
import { KubernetesObject } from '../apply/types';
import {
  PodFacts,
  WorkloadFacts,
  podFindings,
  workloadFindings,
} from './diagnose';

type Status = Record<string, any>;

/** How many of the newest warning events a rollout diagnosis lists. */
const WARNING_EVENTS = 5;

/** A Kubernetes event (the parts read here). */
export interface WarningEvent {
  type?: string;
  reason?: string;
  message?: string;
  involvedObject?: { name?: string };
}

/**
 * The newest warning events about a workload or its pods, e.g. `event FailedMount on api-1: …`; a workload
 * without pods is said so: `no pods exist for Deployment api`.
 */
export function workloadEventStates(
  workload: WorkloadFacts,
  podNames: string[],
  events: WarningEvent[],
): string[] {
  const names = new Set([...podNames, workload.metadata.name]);
  const states = events
    .filter(e => names.has(e.involvedObject?.name ?? ''))
    .slice(-WARNING_EVENTS)
    .map(e => `event ${e.reason} on ${e.involvedObject?.name}: ${e.message}`);
  if (podNames.length === 0)
    states.push(`no pods exist for ${workload.kind} ${workload.metadata.name}`);
  return states;
}

/**
 * Why a workload's pods are not ready, for a rollout that failed: the pods' and the workload's findings in
 * Kubernetes' words, the newest warning events about them, or that it has no pods. The pods are those of
 * its `selector.matchLabels`, or of its job name for a Job.
 *
 * @public
 */
export async function diagnoseWorkload(
  client: KubernetesClient,
  object: KubernetesObject,
): Promise<string[]> {
  const namespace = object.metadata.namespace as string;
  const selector = ((object.spec as Status | undefined)?.selector
    ?.matchLabels ?? {}) as Record<string, string>;
  const podSelector = labelSelector(
    object.kind === 'Job'
      ? { 'batch.kubernetes.io/job-name': object.metadata.name }
      : selector,
  );
  if (!podSelector) return [];
  const pods = await client.request<{ items: PodFacts[] }>({
    path: `/api/v1/namespaces/${namespace}/pods`,
    query: { labelSelector: podSelector },
  });
  const events = await client.request<{ items: WarningEvent[] }>({
    path: `/api/v1/namespaces/${namespace}/events`,
    query: { fieldSelector: 'type=Warning' },
  });
  const states = [
    ...podFindings(pods.items),
    ...workloadFindings([{ ...object, status: object.status as Status }]),
  ].map(f => f.state);
  return [
    ...new Set([
      ...states,
      ...workloadEventStates(
        object,
        pods.items.map(p => p.metadata.name),
        events.items,
      ),
    ]),
  ];
}
