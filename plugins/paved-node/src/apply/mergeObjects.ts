import { KubernetesObject } from './types';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(live: unknown, desired: unknown): unknown {
  if (!isRecord(live) || !isRecord(desired)) return desired;
  const out: Record<string, unknown> = { ...live };
  for (const [key, value] of Object.entries(desired)) {
    out[key] = key in live ? merge(live[key], value) : value;
  }
  return out;
}

/**
 * What a live object would roughly look like after applying `desired` to it: maps merged key by key, lists
 * and scalars taken from `desired`. An estimate for previews made without a server-side dry run (server-side
 * apply also merges some lists by key and drops fields the field manager stops setting).
 *
 * @public
 */
export function mergeObjects(
  live: KubernetesObject,
  desired: KubernetesObject,
): KubernetesObject {
  return merge(live, desired) as KubernetesObject;
}
