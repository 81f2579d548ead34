import { PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  PodTemplateKind,
  listPodTemplateWorkloads,
  workloadPath,
} from '../workloads/podTemplateWorkloads';
import { secretReferences } from './references';

/** The workload kinds a rolling restart applies to. */
const RESTARTABLE: PodTemplateKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
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
  const readers = (
    await listPodTemplateWorkloads(client, namespace, { kinds: RESTARTABLE })
  ).filter(w => secretReferences(w).some(r => r.secretName === secretName));
  await Promise.all(
    readers.map(w =>
      client.request({
        method: 'PATCH',
        path: workloadPath(
          w.kind as PodTemplateKind,
          namespace,
          w.metadata.name,
        ),
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
