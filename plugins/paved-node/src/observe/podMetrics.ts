import { parseQuantity } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { NamespacedSelection } from '../cluster/labelSelector';

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

/** A Kubernetes CPU quantity in millicores (0 when it is not a quantity). @public */
export function cpuMillicores(quantity: string): number {
  return (parseQuantity(quantity) ?? 0) * 1000;
}

/** A Kubernetes memory quantity in bytes (0 when it is not a quantity). @public */
export function memoryBytes(quantity: string): number {
  return parseQuantity(quantity) ?? 0;
}

/**
 * One pod's sample from `metrics.k8s.io`: each container's current CPU and memory as quantities.
 *
 * @public
 */
export interface PodMetricsSample {
  metadata: { name: string };
  containers: Array<{ name: string; usage: { cpu: string; memory: string } }>;
}

/**
 * The `metrics.k8s.io` samples of the pods matching a selector in one namespace. Fails like any API read
 * when the metrics API is not served or not readable.
 *
 * @public
 */
export async function readPodMetrics(
  client: KubernetesClient,
  selection: NamespacedSelection,
): Promise<PodMetricsSample[]> {
  const list = await client.request<{ items: PodMetricsSample[] }>({
    path: `/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(
      selection.namespace,
    )}/pods`,
    query: { labelSelector: selection.labelSelector },
    context: `reading pod metrics in ${selection.namespace}`,
  });
  return list.items;
}

/**
 * Current CPU and memory of the pods matching a selector in one namespace.
 *
 * @public
 */
export async function podUsage(
  client: KubernetesClient,
  options: NamespacedSelection,
): Promise<PodUsage[]> {
  const samples = await readPodMetrics(client, options);
  const total = (containers: number[]) => containers.reduce((a, b) => a + b, 0);
  return samples.map(p => ({
    pod: p.metadata.name,
    cpuMillicores: total(p.containers.map(c => cpuMillicores(c.usage.cpu))),
    memoryBytes: total(p.containers.map(c => memoryBytes(c.usage.memory))),
  }));
}
