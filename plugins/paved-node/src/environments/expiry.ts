import {
  EXPIRES_AT_ANNOTATION,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
} from '@paved/plugin-paved-common';

/**
 * The parts of a namespace the cleaner looks at.
 *
 * @public
 */
export interface NamespaceFacts {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
}

/**
 * Whether a namespace is an expired ephemeral environment that may be deleted: managed by Paved,
 * ephemeral, not protected, with a valid expiry in the past, and not already being deleted. Anything
 * else — unmanaged, persistent, protected, unexpired, or with an unreadable expiry — is kept.
 *
 * @public
 */
export function isExpiredEnvironment(
  namespace: NamespaceFacts,
  now: Date,
): boolean {
  const labels = namespace.metadata.labels ?? {};
  if (labels[PAVED_LABELS.managedBy] !== PAVED_MANAGED_BY) return false;
  if (labels[PAVED_LABELS.lifecycle] !== 'ephemeral') return false;
  if (labels[PAVED_LABELS.protected] === 'true') return false;
  if (namespace.metadata.deletionTimestamp) return false;
  const raw = namespace.metadata.annotations?.[EXPIRES_AT_ANNOTATION];
  if (!raw || !/^\d{4}-\d{2}-\d{2}T/.test(raw)) return false;
  const expires = Date.parse(raw);
  return Number.isFinite(expires) && expires <= now.getTime();
}
