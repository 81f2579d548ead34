import { stripServerFields } from './diff';
import { KubernetesObject } from './types';

type Json = unknown;

function isMap(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(before: Json, after: Json, path: string, found: string[]) {
  if (isMap(before)) {
    if (!isMap(after)) return; // replaced by another kind of value: a change, not a removal
    for (const key of Object.keys(before)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in after)) found.push(child);
      else walk(before[key], after[key], child, found);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    before.forEach((item, i) => {
      if (i >= after.length) found.push(`${path}[${i}]`);
      else walk(item, after[i], `${path}[${i}]`, found);
    });
  }
}

/**
 * The fields a change removes from a live object, as `<label>: <field path>` (e.g.
 * `ConfigMap shop/settings: data.mode`): fields the live object has and the planned one lacks. Changed
 * values are not removals; fields the server maintains (status, managed fields, …) are not compared.
 * Empty when the object is new.
 *
 * @public
 */
export function removedFields(
  label: string,
  live: KubernetesObject | undefined,
  planned: KubernetesObject,
): string[] {
  if (!live) return [];
  const found: string[] = [];
  walk(stripServerFields(live), stripServerFields(planned), '', found);
  return found.map(field => `${label}: ${field}`);
}
