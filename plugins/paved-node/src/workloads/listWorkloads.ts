import { WorkloadSummary } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { POD_TEMPLATE_KINDS } from './podTemplateWorkloads';

/** The kinds an entity's workloads are listed by (a CronJob stands for its Jobs). */
const WORKLOAD_KINDS = POD_TEMPLATE_KINDS.filter(k => k.kind !== 'Job');

interface WorkloadList {
  items: Array<{
    metadata: { name: string };
    spec?: { replicas?: number };
    status?: {
      readyReplicas?: number;
      numberReady?: number;
      desiredNumberScheduled?: number;
    };
  }>;
}

/**
 * Lists the workloads in one namespace that match a label selector, e.g. `backstage.io/kubernetes-id=checkout-api`.
 * Only namespace-scoped calls are made.
 *
 * @public
 */
export async function listWorkloads(
  client: KubernetesClient,
  options: { namespace: string; environment: string; labelSelector: string },
): Promise<WorkloadSummary[]> {
  const lists = await Promise.all(
    WORKLOAD_KINDS.map(async ({ kind, path, plural }) => {
      const list = await client.request<WorkloadList>({
        path: `/${path}/namespaces/${encodeURIComponent(
          options.namespace,
        )}/${plural}`,
        query: { labelSelector: options.labelSelector },
        context: `listing ${plural} in ${options.namespace} on cluster "${client.cluster.name}"`,
      });
      return list.items.map(item => ({
        cluster: client.cluster.name,
        namespace: options.namespace,
        environment: options.environment,
        kind,
        name: item.metadata.name,
        ...(kind === 'DaemonSet'
          ? {
              desired: item.status?.desiredNumberScheduled ?? 0,
              ready: item.status?.numberReady ?? 0,
            }
          : {}),
        ...(kind === 'Deployment' || kind === 'StatefulSet'
          ? {
              desired: item.spec?.replicas ?? 1,
              ready: item.status?.readyReplicas ?? 0,
            }
          : {}),
      }));
    }),
  );
  return lists.flat();
}
