import {
  EnvironmentSummary,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { labelSelector } from '../cluster/labelSelector';
import { isExpiredEnvironment, NamespaceFacts } from './expiry';
import { deleteNamespace, summarize } from './namespaces';
import { EnvironmentDeps } from './deps';
import { EnvironmentCleanupRequest } from './types';

/**
 * Deletes the expired ephemeral environments of a cluster and nothing else; returns them. A namespace that
 * is already gone counts as deleted.
 */
export async function cleanupExpiredEnvironments(
  deps: Pick<EnvironmentDeps, 'clusters'>,
  request: EnvironmentCleanupRequest,
): Promise<EnvironmentSummary[]> {
  const service = await deps.clusters.client(request.cluster);
  const list = await service.request<{ items: NamespaceFacts[] }>({
    path: '/api/v1/namespaces',
    query: {
      labelSelector: labelSelector({
        [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY,
        [PAVED_LABELS.lifecycle]: 'ephemeral',
      }),
    },
  });
  const now = request.now ?? new Date();
  const expired = list.items
    .filter(ns => isExpiredEnvironment(ns, now))
    .map(ns => summarize(request.cluster, ns as KubernetesObject)!)
    .filter(Boolean);
  for (const env of expired) {
    if (!request.dryRun) {
      await deleteNamespace(service, env.namespace).catch(error => {
        if (!isErrorNamed(error, 'NotFoundError')) throw error;
      });
    }
    await request.onDelete?.(env);
  }
  return expired;
}
