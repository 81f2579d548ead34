import {
  SecretKeyView,
  SecretRotationView,
  SecretView,
} from '@paved/plugin-paved-common';
import {
  SecretInventoryEntry,
  SecretReference,
  nextRotation,
} from '@paved/plugin-paved-node';

function rotationView(
  entry: SecretInventoryEntry,
): SecretRotationView | undefined {
  if (!entry.rotation) return undefined;
  const next = nextRotation(entry.rotation, entry.rotatedAt);
  return {
    every: entry.rotation.every,
    keys: entry.rotation.keys,
    ...(entry.rotatedAt ? { lastRotatedAt: entry.rotatedAt } : {}),
    ...(next
      ? {
          nextRotationAt: new Date(
            Math.max(next.getTime(), Date.now()),
          ).toISOString(),
        }
      : {}),
  };
}

/**
 * The Secrets card's rows of one environment: every Secret that exists or that a workload reads, each key
 * with whether it exists, who reads it, and who last changed it — from key names and references only.
 * A reference to a whole Secret (`envFrom`, a volume without items) marks the Secret, not a key.
 */
export function secretsView(
  inventory: SecretInventoryEntry[],
  references: SecretReference[],
): SecretView[] {
  const names = new Set([
    ...inventory.map(e => e.name),
    ...references.map(r => r.secretName),
  ]);
  const views: SecretView[] = [];
  for (const name of [...names].sort()) {
    const entry = inventory.find(e => e.name === name);
    const readers = references.filter(r => r.secretName === name);
    const generated = new Set(entry?.rotation?.keys.map(k => k.key) ?? []);
    const keyNames = new Set([
      ...(entry?.keys ?? []),
      ...readers.flatMap(r => (r.key ? [r.key] : [])),
    ]);
    const keys: SecretKeyView[] = [...keyNames].sort().map(key => {
      const change = entry?.changes[key];
      const exists = !!entry?.keys.includes(key);
      const changedAt = change?.at ?? (exists ? entry?.lastWriteAt : undefined);
      return {
        key,
        exists,
        referencedBy: readers
          .filter(r => r.key === key || !r.key)
          .map(r => ({
            workload: r.workload,
            container: r.container,
            ...(r.env ? { env: r.env } : {}),
            ...(r.optional ? { optional: true } : {}),
          })),
        ...(change ? { changedBy: change.by } : {}),
        ...(changedAt ? { changedAt } : {}),
        ...(generated.has(key) ? { generated: true } : {}),
      };
    });
    const missing = keys.filter(
      k => !k.exists && k.referencedBy.some(r => !r.optional),
    ).length;
    const wholeMissing =
      !entry && readers.some(r => !r.key && !r.optional) && keys.length === 0;
    const rotation = entry ? rotationView(entry) : undefined;
    views.push({
      name,
      source: entry ? entry.source : 'missing',
      keys,
      ...(rotation ? { rotation } : {}),
      missing: missing + (wholeMissing ? 1 : 0),
    });
  }
  return views;
}
