import { NotFoundError, InputError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  Diagnosis,
  PodFacts,
  WorkloadFacts,
  diagnosePods,
  diagnoseWorkloads,
} from './diagnose';
import { readLogs } from './logs';

/**
 * Reads the pods, Deployments and ReplicaSets matching a selector in one namespace and diagnoses them;
 * crash loops come with the last lines the crashed container wrote.
 *
 * @public
 */
export async function diagnoseNamespace(
  client: KubernetesClient,
  options: { namespace: string; labelSelector: string },
): Promise<Diagnosis[]> {
  const ns = encodeURIComponent(options.namespace);
  const query = { labelSelector: options.labelSelector };
  const [pods, deployments, replicaSets] = await Promise.all([
    client.request<{ items: PodFacts[] }>({
      path: `/api/v1/namespaces/${ns}/pods`,
      query,
    }),
    client.request<{ items: WorkloadFacts[] }>({
      path: `/apis/apps/v1/namespaces/${ns}/deployments`,
      query,
    }),
    client.request<{ items: WorkloadFacts[] }>({
      path: `/apis/apps/v1/namespaces/${ns}/replicasets`,
      query,
    }),
  ]);
  const found = [
    ...diagnoseWorkloads([
      ...deployments.items.map(d => ({ ...d, kind: 'Deployment' })),
      ...replicaSets.items.map(r => ({ ...r, kind: 'ReplicaSet' })),
    ]),
    ...diagnosePods(pods.items),
  ];
  await Promise.all(
    found
      .filter(
        d =>
          (d.kind === 'crash-loop' || d.kind === 'oom-killed') && d.container,
      )
      .map(async d => {
        const lines = await readLogs(client, {
          namespace: options.namespace,
          pod: d.object.name,
          container: d.container!,
          previous: true,
          tailLines: 10,
        }).catch(error => {
          if (error instanceof NotFoundError || error instanceof InputError)
            return [];
          throw error;
        });
        d.lastLogLines = lines.map(l => l.text);
      }),
  );
  return found;
}
