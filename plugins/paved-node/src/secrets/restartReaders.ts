import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { secretReferences } from './references';

/** The workload kinds a rolling restart applies to, and where they are listed. */
const RESTARTABLE = [
  { kind: 'Deployment', path: 'deployments' },
  { kind: 'StatefulSet', path: 'statefulsets' },
  { kind: 'DaemonSet', path: 'daemonsets' },
];

/**
 * Rolls every Deployment, StatefulSet and DaemonSet of `namespace` whose pods read Secret `secretName`, the
 * way `kubectl rollout restart` does: a new pod template annotation, so each controller replaces its pods
 * by its own update strategy. Returns the restarted workloads (`Deployment/orders`).
 *
 * @public
 */
export async function restartSecretReaders(
  client: KubernetesClient,
  namespace: string,
  secretName: string,
  at: Date = new Date(),
): Promise<string[]> {
  const ns = encodeURIComponent(namespace);
  const lists = await Promise.all(
    RESTARTABLE.map(async ({ kind, path }) => {
      const list = await client.request<{ items?: KubernetesObject[] }>({
        path: `/apis/apps/v1/namespaces/${ns}/${path}`,
        context: `listing ${path} of ${namespace}`,
      });
      return (list.items ?? []).map(item => ({ ...item, kind, path }));
    }),
  );
  const readers = lists
    .flat()
    .filter(w => secretReferences(w).some(r => r.secretName === secretName));
  await Promise.all(
    readers.map(w =>
      client.request({
        method: 'PATCH',
        path: `/apis/apps/v1/namespaces/${ns}/${w.path}/${encodeURIComponent(
          w.metadata.name,
        )}`,
        contentType: 'application/strategic-merge-patch+json',
        body: {
          spec: {
            template: {
              metadata: {
                annotations: {
                  [PAVED_ANNOTATIONS.restartedAt]: at.toISOString(),
                },
              },
            },
          },
        },
        context: `restarting ${w.kind}/${w.metadata.name} for Secret ${secretName}`,
      }),
    ),
  );
  return readers.map(w => `${w.kind}/${w.metadata.name}`).sort();
}
