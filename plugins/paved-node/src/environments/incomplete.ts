import { PAVED_LABELS, PAVED_MANAGED_BY } from '@paved/plugin-paved-common';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { toError } from '@backstage/errors';
import { KubernetesObject } from '../apply/types';
import {
  KubernetesClient,
  mayHaveTakenEffect,
} from '../cluster/KubernetesClient';
import { NamespaceFacts } from './expiry';
import { deleteNamespace } from './namespaces';
import { EnvironmentLog } from './types';

/**
 * Label (`"true"`) on the namespace of an environment whose creation or clone has not finished. It is written
 * in the same request that creates the namespace, so a namespace a failed run leaves behind always carries
 * it, whatever became of the API server; it is removed once the run has finished.
 *
 * @public
 */
export const INCOMPLETE_LABEL = 'paved.dev/incomplete';

/**
 * Annotation beside {@link INCOMPLETE_LABEL}: until when (ISO 8601) the run that made the namespace may still
 * be working on it. After that, the environment cleanup task deletes the half-made namespace.
 *
 * @public
 */
export const INCOMPLETE_UNTIL_ANNOTATION = 'paved.dev/incomplete-until';

/** The Namespace object with the incomplete marker, valid until `until`. */
export function markIncomplete(
  namespace: KubernetesObject,
  until: Date,
): KubernetesObject {
  return {
    ...namespace,
    metadata: {
      ...namespace.metadata,
      labels: { ...namespace.metadata.labels, [INCOMPLETE_LABEL]: 'true' },
      annotations: {
        ...namespace.metadata.annotations,
        [INCOMPLETE_UNTIL_ANNOTATION]: until.toISOString(),
      },
    },
  };
}

/** Whether a namespace carries the incomplete marker. */
export function isIncomplete(namespace: NamespaceFacts): boolean {
  return namespace.metadata.labels?.[INCOMPLETE_LABEL] === 'true';
}

/**
 * Whether a namespace is a half-made environment the cleanup task may delete: made by Paved, marked
 * incomplete, with a readable `incomplete-until` in the past, and not already being deleted. A marker without
 * a readable time is kept (Paved always writes one).
 *
 * @public
 */
export function isAbandonedEnvironment(
  namespace: NamespaceFacts,
  now: Date,
): boolean {
  const labels = namespace.metadata.labels ?? {};
  if (labels[PAVED_LABELS.managedBy] !== PAVED_MANAGED_BY) return false;
  if (!isIncomplete(namespace)) return false;
  if (namespace.metadata.deletionTimestamp) return false;
  const raw = namespace.metadata.annotations?.[INCOMPLETE_UNTIL_ANNOTATION];
  if (!raw || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) return false;
  const until = Date.parse(raw);
  return Number.isFinite(until) && until <= now.getTime();
}

/** Removes the incomplete marker: the environment is whole. */
export async function clearIncomplete(
  client: KubernetesClient,
  namespace: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
    contentType: 'application/merge-patch+json',
    body: {
      metadata: {
        labels: { [INCOMPLETE_LABEL]: null },
        annotations: { [INCOMPLETE_UNTIL_ANNOTATION]: null },
      },
    },
    // removing the same two keys twice changes nothing more
    idempotent: true,
    context: `marking environment ${namespace} complete`,
    signal,
  });
}

/**
 * Deletes what a failed run made of an environment (its namespace, and everything in it with it) and says what
 * became of it, for the failure's message. A namespace that cannot be deleted now (the API server is away)
 * keeps its incomplete marker: the environment cleanup task deletes it once `until` has passed, and running
 * the same clone or create again finishes it instead.
 */
export async function removeHalfMade(
  client: KubernetesClient,
  namespace: string,
  until: Date,
  log: EnvironmentLog,
): Promise<string> {
  try {
    await deleteNamespace(
      client,
      namespace,
      `deleting half-made environment ${namespace}`,
    );
    const note = `the half-made environment ${namespace} was deleted`;
    log(`Deleted the half-made environment ${namespace}`);
    return note;
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError')) {
      return `nothing of environment ${namespace} was left behind`;
    }
    // a deletion sent but never answered may still happen once the API server gets to it
    const what = mayHaveTakenEffect(error)
      ? 'may not have been deleted'
      : 'could not be deleted';
    const reason = toError(error).message;
    const note =
      `the half-made environment ${namespace} on cluster ${client.cluster.name} ${what} (${reason}); ` +
      `it is marked ${INCOMPLETE_LABEL}, so the environment cleanup task deletes it after ` +
      `${until.toISOString()}, and running the same clone again finishes it`;
    log(note);
    return note;
  }
}

/** Adds what became of a half-made environment to a failure's message; returns the error. */
export function withCleanupNote(error: unknown, note: string): unknown {
  if (error instanceof Error) error.message = `${error.message}; ${note}`;
  return error;
}
