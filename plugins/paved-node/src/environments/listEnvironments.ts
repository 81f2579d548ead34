import {
  EnvironmentSummary,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  encodeEntityRefLabel,
} from '@paved/plugin-paved-common';
import { summarizeEnvironment } from './summary';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { labelSelector } from '../cluster/labelSelector';

interface NamespaceList {
  items: Array<{
    metadata: {
      name: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
  }>;
}

/**
 * Lists the environments (Paved-managed namespaces) on one cluster, optionally only those of some teams.
 *
 * @public
 */
export async function listEnvironments(
  client: KubernetesClient,
  options: { teams?: string[] } = {},
): Promise<EnvironmentSummary[]> {
  const teamLabels = options.teams?.map(encodeEntityRefLabel);
  if (teamLabels && teamLabels.length === 0) {
    return [];
  }
  const list = await client.request<NamespaceList>({
    path: '/api/v1/namespaces',
    query: {
      labelSelector: labelSelector({
        [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY,
        ...(teamLabels ? { [PAVED_LABELS.team]: teamLabels } : {}),
      }),
    },
    context: `listing environments on cluster "${client.cluster.name}"`,
  });
  return list.items
    .map(ns => summarizeEnvironment(client.cluster.name, ns))
    .filter((env): env is EnvironmentSummary => Boolean(env))
    .sort((a, b) => a.namespace.localeCompare(b.namespace));
}
