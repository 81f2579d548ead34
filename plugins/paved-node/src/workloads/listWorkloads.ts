import { WorkloadSummary } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';

const WORKLOAD_KINDS = [
  { kind: 'Deployment', path: 'apis/apps/v1', plural: 'deployments' },
  { kind: 'StatefulSet', path: 'apis/apps/v1', plural: 'statefulsets' },
  { kind: 'DaemonSet', path: 'apis/apps/v1', plural: 'daemonsets' },
  { kind: 'CronJob', path: 'apis/batch/v1', plural: 'cronjobs' },
] as const;

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
