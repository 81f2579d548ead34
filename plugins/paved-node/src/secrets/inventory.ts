import { PAVED_ANNOTATIONS, SecretSource } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  SecretKeyChange,
  SecretRotationSchedule,
  readKeyChanges,
  readRotationSchedule,
} from './secretMetadata';

/**
 * What Paved knows of one Secret: its key names and bookkeeping, never its values (they are dropped as the
 * list is read).
 *
 * @public
 */
export interface SecretInventoryEntry {
  name: string;
  /** Keys that hold a value (a clone's empty placeholders are not among them). */
  keys: string[];
  /** Keys a clone left empty for the team to fill in (`paved.dev/placeholder-keys`). */
  placeholders: string[];
  source: Exclude<SecretSource, 'missing'>;
  changes: Record<string, SecretKeyChange>;
  rotation?: SecretRotationSchedule;
  rotatedAt?: string;
  /** The Secret's last write, from its managed fields. */
  lastWriteAt?: string;
}

/** Secret types that are machinery, not application configuration. */
const HIDDEN_TYPES = new Set([
  'kubernetes.io/service-account-token',
  'helm.sh/release.v1',
]);

interface RawSecret {
  type?: string;
  metadata?: {
    name?: string;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind?: string; apiVersion?: string }>;
    managedFields?: Array<{ manager?: string; time?: string }>;
  };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

/** Where a Secret comes from: synced by External Secrets, written through Paved, or made otherwise. */
function sourceOf(secret: RawSecret): SecretInventoryEntry['source'] {
  const owners = secret.metadata?.ownerReferences ?? [];
  if (
    owners.some(
      o =>
        o.kind === 'ExternalSecret' &&
        (o.apiVersion ?? '').startsWith('external-secrets.io/'),
    )
  ) {
    return 'secret-manager';
  }
  const annotations = secret.metadata?.annotations ?? {};
  return annotations[PAVED_ANNOTATIONS.secretChanges] ||
    annotations[PAVED_ANNOTATIONS.secretRotation]
    ? 'kubernetes'
    : 'other';
}

/** The keys a clone left empty for the team to fill in, from the Secret's annotation. */
export function placeholderKeys(
  annotations: Record<string, string> | undefined,
): string[] {
  return (annotations?.[PAVED_ANNOTATIONS.placeholderKeys] ?? '')
    .split(',')
    .map(k => k.trim())
    .filter(Boolean);
}

/** The key names and bookkeeping of one Secret as read from the API; its values are not kept. */
export function inventoryEntry(secret: RawSecret): SecretInventoryEntry {
  const annotations = secret.metadata?.annotations;
  const times = (secret.metadata?.managedFields ?? [])
    .map(f => f.time)
    .filter((t): t is string => !!t)
    .sort();
  const rotation = readRotationSchedule(annotations);
  const rotatedAt = annotations?.[PAVED_ANNOTATIONS.secretRotatedAt];
  const placeholders = placeholderKeys(annotations);
  return {
    name: secret.metadata?.name ?? '',
    keys: [
      ...new Set([
        ...Object.keys(secret.data ?? {}),
        ...Object.keys(secret.stringData ?? {}),
      ]),
    ]
      .filter(key => !placeholders.includes(key))
      .sort(),
    placeholders,
    source: sourceOf(secret),
    changes: readKeyChanges(annotations),
    ...(rotation ? { rotation } : {}),
    ...(rotatedAt ? { rotatedAt } : {}),
    ...(times.length ? { lastWriteAt: times[times.length - 1] } : {}),
  };
}

/**
 * The Secrets of a namespace as key names and bookkeeping, read with Paved's own identity (the environment's
 * `paved:backend` binding). Values arrive with the list and are dropped here; nothing returned holds one.
 *
 * @public
 */
export async function readSecretInventory(
  service: KubernetesClient,
  namespace: string,
  options: { labelSelector?: string } = {},
): Promise<SecretInventoryEntry[]> {
  const list = await service.request<{ items?: RawSecret[] }>({
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/secrets`,
    query: options.labelSelector
      ? { labelSelector: options.labelSelector }
      : undefined,
    context: `listing the Secret keys of ${namespace}`,
  });
  return (list.items ?? [])
    .filter(s => !HIDDEN_TYPES.has(s.type ?? ''))
    .map(inventoryEntry)
    .sort((a, b) => a.name.localeCompare(b.name));
}
