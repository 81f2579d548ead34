import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { listPodTemplateWorkloads } from '../workloads/podTemplateWorkloads';
import { RUNNING_WORKLOAD_KINDS } from './objects';
import { LiveState, LiveStateRead } from './types';

/** The non-workload kinds of a live state: where each is listed and what the impact loses without it. */
const KINDS = [
  {
    field: 'pods',
    kind: 'Pod',
    plural: 'Pods',
    path: '/api/v1/namespaces/{ns}/pods',
    without: 'restarting pods and Service pod counts are not computed',
  },
  {
    field: 'services',
    kind: 'Service',
    plural: 'Services',
    path: '/api/v1/namespaces/{ns}/services',
    without: 'Services losing or gaining pods are not computed',
  },
  {
    field: 'podDisruptionBudgets',
    kind: 'PodDisruptionBudget',
    plural: 'PodDisruptionBudgets',
    path: '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets',
    without: "PodDisruptionBudget conflicts only cover the change's own",
  },
  {
    field: 'horizontalPodAutoscalers',
    kind: 'HorizontalPodAutoscaler',
    plural: 'HorizontalPodAutoscalers',
    path: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers',
    without:
      "HPA conflicts and replica ranges only cover the change's own autoscalers",
  },
  {
    field: 'networkPolicies',
    kind: 'NetworkPolicy',
    plural: 'NetworkPolicies',
    path: '/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies',
    without: 'traffic cut by NetworkPolicies is not computed',
  },
] as const;

/** A refusal or a missing API becomes a note; anything else (cluster unreachable, …) fails the read. */
async function orNote<T>(
  read: () => Promise<T>,
  empty: T,
  note: (reason: string) => string,
  notes: string[],
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isErrorNamed(error, 'NotAllowedError')) {
      notes.push(note('you may not list them'));
      return empty;
    }
    if (isErrorNamed(error, 'NotFoundError')) {
      notes.push(note('the cluster does not serve their API'));
      return empty;
    }
    throw error;
  }
}

/**
 * Reads the live objects of one namespace that a change's impact is computed against, with the given client
 * (acting as the user): pods, Services, Deployments, StatefulSets, DaemonSets, PodDisruptionBudgets,
 * HorizontalPodAutoscalers and NetworkPolicies, and the namespace's labels. A kind the user may not list
 * (or the cluster does not serve) is read as empty and named in `notes`.
 *
 * @public
 */
export async function readLiveState(
  client: KubernetesClient,
  namespace: string,
): Promise<LiveStateRead> {
  const notes: string[] = [];
  const ns = encodeURIComponent(namespace);
  const [workloads, lists, namespaceLabels] = await Promise.all([
    Promise.all(
      RUNNING_WORKLOAD_KINDS.map(kind =>
        orNote(
          () => listPodTemplateWorkloads(client, namespace, { kinds: [kind] }),
          [] as KubernetesObject[],
          reason =>
            `${kind}s of ${namespace} could not be read (${reason}): their restarts, pods and cost are not computed`,
          notes,
        ),
      ),
    ),
    Promise.all(
      KINDS.map(({ kind, plural, path, without }) =>
        orNote(
          async () => {
            const list = await client.request<{ items?: KubernetesObject[] }>({
              path: path.replace('{ns}', ns),
              context: `listing the ${plural} of ${namespace}`,
            });
            return (list.items ?? []).map(item => ({ ...item, kind }));
          },
          [] as KubernetesObject[],
          reason =>
            `${plural} of ${namespace} could not be read (${reason}): ${without}`,
          notes,
        ),
      ),
    ),
    client
      .request<{ metadata?: { labels?: Record<string, string> } }>({
        path: `/api/v1/namespaces/${ns}`,
        context: `reading namespace ${namespace}`,
      })
      .then(
        answer => answer.metadata?.labels,
        error => {
          // without them only the namespace's name label is known, which is what most selectors use
          if (
            isErrorNamed(error, 'NotAllowedError') ||
            isErrorNamed(error, 'NotFoundError')
          ) {
            return undefined;
          }
          throw error;
        },
      ),
  ]);
  const listed = (field: (typeof KINDS)[number]['field']) =>
    lists[KINDS.findIndex(k => k.field === field)];
  const state: LiveState = {
    pods: listed('pods'),
    services: listed('services'),
    workloads: workloads.flat(),
    podDisruptionBudgets: listed('podDisruptionBudgets'),
    horizontalPodAutoscalers: listed('horizontalPodAutoscalers'),
    networkPolicies: listed('networkPolicies'),
  };
  return {
    state: {
      ...state,
      ...(namespaceLabels ? { namespaceLabels } : {}),
    },
    // in a fixed order, whichever list answered first
    notes: notes.sort(),
  };
}
