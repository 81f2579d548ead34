import { KubernetesObject } from '../apply/types';
import { LiveKubernetesObject, findDrift } from './drift';
import { locateField, parseFieldPath } from './fieldsV1';

/**
 * A field another field manager added that the revision does not set: its readable path and its JSON
 * Pointer in the live object it was found in.
 *
 * @public
 */
export interface ForeignFieldRemoval {
  path: string;
  pointer: string;
}

/**
 * A JSON Patch operation of a removal patch: `test` (the list item on the way is still the one found)
 * or `remove`.
 *
 * @public
 */
export type RemovalPatchOperation =
  | { op: 'test'; path: string; value: unknown }
  | { op: 'remove'; path: string };

/**
 * The fields of a live object that field managers other than Paved's own added and the revision does not
 * set (the drift with `change: 'added'` and a manager): what re-applying the revision removes, since a
 * server-side apply leaves fields other managers own in place. Sorted by path.
 *
 * @public
 */
export function foreignFieldRemovals(
  revisionObject: KubernetesObject,
  live: LiveKubernetesObject,
): ForeignFieldRemoval[] {
  return findDrift(revisionObject, live).flatMap(({ segments, field }) => {
    if (field.change !== 'added' || field.manager === undefined) return [];
    const located = locateField(live, segments);
    return located ? [{ path: field.path, pointer: located.pointer }] : [];
  });
}

function pointerTokens(pointer: string): string[] {
  return pointer.split('/').slice(1);
}

/** Orders pointers so that a later one never points past an earlier removal: higher list indices first. */
function compareDescending(a: string, b: string): number {
  const left = pointerTokens(a);
  const right = pointerTokens(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] === right[i]) continue;
    const numeric = /^\d+$/.test(left[i]) && /^\d+$/.test(right[i]);
    if (numeric) return Number(right[i]) - Number(left[i]);
    return left[i] < right[i] ? 1 : -1;
  }
  return right.length - left.length;
}

function isUnder(pointer: string, parent: string): boolean {
  return pointer.startsWith(`${parent}/`);
}

/**
 * The JSON Patch (RFC 6902) that removes the given fields from `live`: for each field, a `test` of the key
 * of every list item on its way (so that a list reordered since `live` was read fails the patch instead of
 * losing another item; the API server answers a failed test with 422 Invalid), then its `remove`.
 * Pointers are found again in `live` from each path; a field no longer in `live` is skipped, and a field
 * under another removed one is covered by it. Removals run from the highest list index down, so each index
 * still holds when its turn comes. A path that is not a field path throws an `InputError`.
 *
 * @public
 */
export function removalPatch(
  removals: ForeignFieldRemoval[],
  live: KubernetesObject,
): RemovalPatchOperation[] {
  const located = removals.flatMap(removal => {
    const found = locateField(live, parseFieldPath(removal.path));
    return found ? [found] : [];
  });
  const pointers = new Set(located.map(found => found.pointer));
  const kept = located
    .filter(
      (found, i) =>
        ![...pointers].some(other => isUnder(found.pointer, other)) &&
        located.findIndex(other => other.pointer === found.pointer) === i,
    )
    .sort((a, b) => compareDescending(a.pointer, b.pointer));
  return kept.flatMap(found => [
    ...found.tests.map(test => ({ op: 'test' as const, ...test })),
    { op: 'remove' as const, path: found.pointer },
  ]);
}
