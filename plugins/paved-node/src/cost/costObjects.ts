import { KubernetesClient } from '../cluster/KubernetesClient';
import { memoryBytes } from '../observe/podMetrics';
import { BYTES_PER_GIB } from './prices';
import { LoadBalancerInput, VolumeInput } from './types';

/** The fields of PersistentVolumeClaims and Services the cost model reads. */
interface CostObject {
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec?: {
    type?: string;
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: string; capacity?: { storage?: string } };
}

/** An object's namespace, name, labels and lifetime (unix seconds) as the cost model takes them. */
function lifetime(item: CostObject) {
  return {
    namespace: item.metadata.namespace,
    name: item.metadata.name,
    ...(item.metadata.labels && { labels: item.metadata.labels }),
    start: Date.parse(item.metadata.creationTimestamp ?? '') / 1000 || 0,
    ...(item.metadata.deletionTimestamp && {
      end: Date.parse(item.metadata.deletionTimestamp) / 1000,
    }),
  };
}

/**
 * The volumes (bound PersistentVolumeClaims, sized by their capacity or else their request) and
 * LoadBalancer Services that exist now, in some namespaces or the whole cluster.
 */
export async function readCostObjects(
  client: KubernetesClient,
  namespaces?: string[],
): Promise<{ volumes: VolumeInput[]; loadBalancers: LoadBalancerInput[] }> {
  const list = async (resource: string, namespace?: string) => {
    const path = namespace
      ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`
      : `/api/v1/${resource}`;
    const answer = await client.request<{ items: CostObject[] }>({
      path,
      context: `listing ${resource}${
        namespace ? ` in ${namespace}` : ''
      } for costs`,
    });
    return answer.items;
  };
  const scopes = namespaces ?? [undefined];
  const [claims, services] = await Promise.all([
    Promise.all(scopes.map(ns => list('persistentvolumeclaims', ns))),
    Promise.all(scopes.map(ns => list('services', ns))),
  ]);
  return {
    volumes: claims
      .flat()
      .filter(c => c.status?.phase === 'Bound')
      .map(c => ({
        ...lifetime(c),
        sizeGiB:
          memoryBytes(
            c.status?.capacity?.storage ??
              c.spec?.resources?.requests?.storage ??
              '0',
          ) / BYTES_PER_GIB,
      })),
    loadBalancers: services
      .flat()
      .filter(s => s.spec?.type === 'LoadBalancer')
      .map(lifetime),
  };
}
