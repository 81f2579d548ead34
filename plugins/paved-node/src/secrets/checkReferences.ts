import { InputError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';
import { KubernetesClient } from '../cluster/KubernetesClient';
import {
  SecretInventoryEntry,
  inventoryEntry,
  readSecretInventory,
} from './inventory';
import { SecretReference, secretReferences } from './references';

/**
 * A Secret key (or whole Secret, `key` absent) a workload reads that does not exist in its namespace.
 *
 * @public
 */
export interface MissingSecretKey {
  namespace: string;
  secretName: string;
  key?: string;
  reference: SecretReference;
}

/** How a missing key reads in a refusal or a note. */
export function describeMissing(missing: MissingSecretKey): string {
  const { reference: r, namespace, secretName, key } = missing;
  const reader = `${r.workload} (container ${r.container}${
    r.env ? `, env ${r.env}` : ''
  })`;
  return key
    ? `${reader} reads key "${key}" of Secret "${secretName}", which does not exist in ${namespace}`
    : `${reader} reads Secret "${secretName}", which does not exist in ${namespace}`;
}

/**
 * The non-optional Secret references of `objects` that neither a Secret of the same set nor one in the
 * namespace (`existing`, by namespace) satisfies.
 *
 * @public
 */
export function findMissingSecretKeys(
  objects: KubernetesObject[],
  existing: Map<string, SecretInventoryEntry[]>,
  defaultNamespace = '',
): MissingSecretKey[] {
  const available = new Map<string, Set<string>>();
  const add = (namespace: string, entry: SecretInventoryEntry) =>
    available.set(`${namespace}/${entry.name}`, new Set(entry.keys));
  for (const [namespace, entries] of existing) {
    for (const entry of entries) add(namespace, entry);
  }
  for (const object of objects) {
    if (object.kind !== 'Secret') continue;
    const namespace = object.metadata.namespace ?? defaultNamespace;
    const planned = inventoryEntry(object as never);
    const live = available.get(`${namespace}/${planned.name}`);
    available.set(
      `${namespace}/${planned.name}`,
      new Set([...planned.keys, ...(live ?? [])]),
    );
  }
  const missing: MissingSecretKey[] = [];
  for (const object of objects) {
    const namespace = object.metadata.namespace ?? defaultNamespace;
    for (const reference of secretReferences(object)) {
      if (reference.optional) continue;
      const keys = available.get(`${namespace}/${reference.secretName}`);
      if (!keys || (reference.key && !keys.has(reference.key))) {
        missing.push({
          namespace,
          secretName: reference.secretName,
          ...(reference.key ? { key: reference.key } : {}),
          reference,
        });
      }
    }
  }
  return missing;
}

/**
 * Reads the Secret keys of every namespace `objects` go to (Paved's own identity) and returns the references
 * they leave unsatisfied, with a note for each namespace whose Secrets Paved may not read (not a Paved
 * environment): those are left to the API server and the kubelet.
 *
 * @public
 */
export async function checkSecretReferences(
  service: KubernetesClient,
  objects: KubernetesObject[],
  options: {
    /** A namespace just created, which holds no Secrets yet: it is not read. */
    emptyNamespace?: string;
  } = {},
): Promise<{ missing: MissingSecretKey[]; notes: string[] }> {
  const readers = objects.filter(o => secretReferences(o).length > 0);
  if (readers.length === 0) return { missing: [], notes: [] };
  const existing = new Map<string, SecretInventoryEntry[]>();
  if (options.emptyNamespace) existing.set(options.emptyNamespace, []);
  const namespaces = [
    ...new Set(readers.map(o => o.metadata.namespace ?? '')),
  ].filter(n => n && !existing.has(n));
  const notes: string[] = [];
  const unreadable = new Set<string>();
  await Promise.all(
    namespaces.map(async namespace => {
      try {
        existing.set(namespace, await readSecretInventory(service, namespace));
      } catch (error) {
        if (isErrorNamed(error, 'NotAllowedError')) {
          unreadable.add(namespace);
          notes.push(
            `Secret references in ${namespace} were not checked: Paved may not read its Secret keys (not a Paved environment)`,
          );
          return;
        }
        throw error;
      }
    }),
  );
  const missing = findMissingSecretKeys(objects, existing).filter(
    m => !unreadable.has(m.namespace),
  );
  return { missing, notes };
}

/**
 * The refusal of a change whose workloads read Secret keys that do not exist: every one named, with the fix.
 *
 * @public
 */
export function missingSecretKeysError(
  missing: MissingSecretKey[],
): InputError {
  const lines = missing.map(m => `  - ${describeMissing(m)}`);
  return new InputError(
    `Secret references: ${missing.length} key${
      missing.length === 1 ? '' : 's'
    } the workloads read ${
      missing.length === 1 ? 'does' : 'do'
    } not exist; nothing was applied:\n${lines.join(
      '\n',
    )}\nSet each key on the Secrets card of the environment (Platform tab → Secrets), or correct the reference, then run again.`,
  );
}
