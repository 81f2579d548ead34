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
import { EnvironmentCleanupReason, EnvironmentCleanupRequest } from './types';
import { INCOMPLETE_LABEL, isAbandonedEnvironment } from './incomplete';

/**
 * Deletes the expired ephemeral environments of a cluster, and the half-made environments a failed create or
 * clone could not remove (marked incomplete, past their time: see `INCOMPLETE_LABEL`), and nothing else;
 * returns them. A namespace that is already gone counts as deleted. With `signal`, an aborted cleanup stops
 * before its next deletion.
 */
export async function cleanupExpiredEnvironments(
  deps: Pick<EnvironmentDeps, 'clusters'>,
  request: EnvironmentCleanupRequest,
): Promise<EnvironmentSummary[]> {
  const service = await deps.clusters.client(request.cluster);
  const list = (labels: Record<string, string>) =>
    service.request<{ items: NamespaceFacts[] }>({
      path: '/api/v1/namespaces',
      query: {
        labelSelector: labelSelector({
          [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY,
          ...labels,
        }),
      },
      signal: request.signal,
    });
  const [ephemeral, incomplete] = await Promise.all([
    list({ [PAVED_LABELS.lifecycle]: 'ephemeral' }),
    list({ [INCOMPLETE_LABEL]: 'true' }),
  ]);
  const now = request.now ?? new Date();
  const due = new Map<string, EnvironmentCleanupReason>();
  for (const ns of incomplete.items) {
    if (isAbandonedEnvironment(ns, now)) due.set(ns.metadata.name, 'abandoned');
  }
  for (const ns of ephemeral.items) {
    if (isExpiredEnvironment(ns, now) && !due.has(ns.metadata.name)) {
      due.set(ns.metadata.name, 'expired');
    }
  }
  const byName = new Map(
    [...ephemeral.items, ...incomplete.items].map(ns => [ns.metadata.name, ns]),
  );
  const deleted: EnvironmentSummary[] = [];
  for (const [name, reason] of due) {
    const env = summarize(
      request.cluster,
      byName.get(name) as KubernetesObject,
    );
    if (!env) continue;
    request.signal?.throwIfAborted();
    if (!request.dryRun) {
      await deleteNamespace(service, env.namespace).catch(error => {
        if (!isErrorNamed(error, 'NotFoundError')) throw error;
      });
    }
    deleted.push(env);
    await request.onDelete?.(env, reason);
  }
  return deleted;
}
