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

/** Parses a Kubernetes CPU quantity into millicores. */
export function cpuMillicores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(n|u|m)?$/.exec(quantity);
  if (!match) return 0;
  const value = Number(match[1]);
  switch (match[2]) {
    case 'n':
      return value / 1e6;
    case 'u':
      return value / 1e3;
    case 'm':
      return value;
    default:
      return value * 1000;
  }
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Parses a Kubernetes memory quantity into bytes. */
export function memoryBytes(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)([kMGT]i?|Ki)?$/.exec(quantity);
  if (!match) return 0;
  return Number(match[1]) * (MEMORY_UNITS[match[2] ?? ''] ?? 1);
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
