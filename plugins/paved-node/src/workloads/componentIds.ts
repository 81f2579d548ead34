import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { labelSelector } from '../cluster/labelSelector';

const COMPONENT_KINDS = [
  'apis/apps/v1/namespaces/{ns}/deployments',
  'apis/apps/v1/namespaces/{ns}/statefulsets',
  'apis/batch/v1/namespaces/{ns}/cronjobs',
];

/**
 * The catalog components deployed in one namespace: the `backstage.io/kubernetes-id` label values of its
 * Deployments, StatefulSets and CronJobs, sorted.
 *
 * @public
 */
export async function deployedComponentIds(
  client: KubernetesClient,
  namespace: string,
): Promise<string[]> {
  const ids = new Set<string>();
  for (const template of COMPONENT_KINDS) {
    const list = await client.request<{
      items: Array<{ metadata: { labels?: Record<string, string> } }>;
    }>({
      path: `/${template.replace('{ns}', encodeURIComponent(namespace))}`,
      query: {
        labelSelector: labelSelector({
          [KUBERNETES_ID_ANNOTATION]: { exists: true },
        }),
      },
    });
    for (const item of list.items) {
      const id = item.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}

/**
 * Whether any pod in a namespace matches a label selector (one `limit=1` list).
 *
 * @public
 */
export async function hasMatchingPod(
  client: KubernetesClient,
  options: { namespace: string; labelSelector: string; what?: string },
): Promise<boolean> {
  const pods = await client.request<{ items: unknown[] }>({
    path: `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods`,
    query: { labelSelector: options.labelSelector, limit: 1 },
    context: `looking for pods${options.what ? ` of ${options.what}` : ''} in ${
      options.namespace
    }`,
  });
  return pods.items.length > 0;
}
