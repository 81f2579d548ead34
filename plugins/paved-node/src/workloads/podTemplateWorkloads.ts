import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';

/**
 * The workload kinds that hold a pod template, and where each is listed.
 *
 * @public
 */
export const POD_TEMPLATE_KINDS = [
  { kind: 'Deployment', path: 'apis/apps/v1', plural: 'deployments' },
  { kind: 'StatefulSet', path: 'apis/apps/v1', plural: 'statefulsets' },
  { kind: 'DaemonSet', path: 'apis/apps/v1', plural: 'daemonsets' },
  { kind: 'CronJob', path: 'apis/batch/v1', plural: 'cronjobs' },
  { kind: 'Job', path: 'apis/batch/v1', plural: 'jobs' },
] as const;

/**
 * A pod-template workload kind.
 *
 * @public
 */
export type PodTemplateKind = (typeof POD_TEMPLATE_KINDS)[number]['kind'];

/**
 * The API path of a workload kind in a namespace, or of one object of it when `name` is given.
 *
 * @public
 */
export function workloadPath(
  kind: PodTemplateKind,
  namespace: string,
  name?: string,
): string {
  const { path, plural } = POD_TEMPLATE_KINDS.find(k => k.kind === kind)!;
  return `/${path}/namespaces/${encodeURIComponent(namespace)}/${plural}${
    name ? `/${encodeURIComponent(name)}` : ''
  }`;
}

/**
 * The workloads of `kinds` (default: every pod-template kind) in a namespace, optionally matching a label
 * selector, each with its `apiVersion` and `kind` set. A CronJob's Jobs are left out: they read what the CronJob reads.
 *
 * @public
 */
export async function listPodTemplateWorkloads(
  client: KubernetesClient,
  namespace: string,
  options: { labelSelector?: string; kinds?: PodTemplateKind[] } = {},
): Promise<KubernetesObject[]> {
  const kinds = options.kinds ?? POD_TEMPLATE_KINDS.map(k => k.kind);
  const lists = await Promise.all(
    kinds.map(async kind => {
      const list = await client.request<{ items?: KubernetesObject[] }>({
        path: workloadPath(kind, namespace),
        query: options.labelSelector
          ? { labelSelector: options.labelSelector }
          : undefined,
        context: `listing the ${kind}s of ${namespace}`,
      });
      return (list.items ?? [])
        .map(item => ({
          ...item,
          apiVersion: POD_TEMPLATE_KINDS.find(k => k.kind === kind)!.path.slice(
            'apis/'.length,
          ),
          kind,
        }))
        .filter(
          item =>
            !(
              item.metadata.ownerReferences as
                | Array<{ kind?: string }>
                | undefined
            )?.some(o => o.kind === 'CronJob'),
        );
    }),
  );
  return lists.flat();
}
