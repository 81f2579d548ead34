import { parseQuantity } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';

/**
 * Current usage of one pod, from `metrics.k8s.io`.
 *
 * @public
 */
export interface PodUsage {
  pod: string;
  cpuMillicores: number;
  memoryBytes: number;
}

/** A Kubernetes CPU quantity in millicores (0 when it is not a quantity). */
export function cpuMillicores(quantity: string): number {
  return (parseQuantity(quantity) ?? 0) * 1000;
}

/** A Kubernetes memory quantity in bytes (0 when it is not a quantity). */
export function memoryBytes(quantity: string): number {
  return parseQuantity(quantity) ?? 0;
}

/**
 * Current CPU and memory of the pods matching a selector in one namespace.
 *
 * @public
 */
export async function podUsage(
  client: KubernetesClient,
  options: { namespace: string; labelSelector: string },
): Promise<PodUsage[]> {
  const list = await client.request<{
    items: Array<{
      metadata: { name: string };
      containers: Array<{ usage: { cpu: string; memory: string } }>;
    }>;
  }>({
    path: `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(
      options.namespace,
    )}/pods`,
    query: { labelSelector: options.labelSelector },
    context: `reading pod metrics in ${options.namespace}`,
  });
  return list.items.map(p => ({
    pod: p.metadata.name,
    cpuMillicores: p.containers.reduce(
      (sum, c) => sum + cpuMillicores(c.usage.cpu),
      0,
    ),
    memoryBytes: p.containers.reduce(
      (sum, c) => sum + memoryBytes(c.usage.memory),
      0,
    ),
  }));
}
