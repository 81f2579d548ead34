import { InputError } from '@backstage/errors';
import { AppSpecPatch, GoldenPath } from '@paved/plugin-paved-common';
import { JsonPatchError, Operation, applyOperation } from 'fast-json-patch';
import { validateObject } from '../apply/parseManifests';
import { KubernetesObject } from '../apply/types';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNamedList = (value: unknown): value is Array<Record<string, unknown>> =>
  Array.isArray(value) &&
  value.every(item => isMap(item) && typeof item.name === 'string');

function mergeNamedLists(
  target: Array<Record<string, unknown>>,
  patch: Array<Record<string, unknown>>,
): Array<Record<string, unknown>> {
  const result = target.map(item => structuredClone(item));
  for (const item of patch) {
    const index = result.findIndex(existing => existing.name === item.name);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) {
      result[index] = strategicMerge(result[index], item) as Record<
        string,
        unknown
      >;
    } else {
      result.push(strategicMerge(undefined, item) as Record<string, unknown>);
    }
  }
  return result;
}

/**
 * A strategic merge in the spirit of `kubectl patch --type strategic`, without the per-field schema: maps
 * merge key by key, `null` removes a key, lists of objects that all have a `name` merge by name (an item
 * `{ name, $patch: delete }` removes one), and any other value replaces what was there. Neither input is
 * changed.
 *
 * @public
 */
export function strategicMerge(target: unknown, patch: unknown): unknown {
  if (isMap(patch)) {
    const result: Record<string, unknown> = isMap(target)
      ? structuredClone(target)
      : {};
    for (const [key, value] of Object.entries(patch)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new InputError(
          `a patch may not set the key "${key}"; remove it from the patch`,
        );
      }
      if (key === '$patch') continue;
      if (value === null) {
        delete result[key];
      } else {
        result[key] = strategicMerge(result[key], value);
      }
    }
    return result;
  }
  if (isNamedList(patch) && (target === undefined || isNamedList(target))) {
    return mergeNamedLists(target ?? [], patch);
  }
  return structuredClone(patch);
}

const JSON_PATCH_REASONS: Record<string, string> = {
  OPERATION_PATH_UNRESOLVABLE: 'the path does not exist in the object',
  OPERATION_FROM_UNRESOLVABLE: 'the from path does not exist in the object',
  OPERATION_PATH_CANNOT_ADD: 'the parent of the path does not exist',
  OPERATION_PATH_ILLEGAL_ARRAY_INDEX:
    'a list index in the path is not a number',
  OPERATION_VALUE_OUT_OF_BOUNDS: 'a list index in the path is past the end',
  TEST_OPERATION_FAILED: 'the value at the path differs from the test value',
};

function applyJsonPatch(
  object: KubernetesObject,
  operations: Operation[],
  where: string,
): KubernetesObject {
  let document = structuredClone(object);
  operations.forEach((op, index) => {
    try {
      document = applyOperation(document, op, true, true).newDocument;
    } catch (error) {
      if (!(error instanceof JsonPatchError)) throw error;
      const reason =
        JSON_PATCH_REASONS[error.name] ?? error.message.split('\n')[0];
      throw new InputError(
        `${where}.patch[${index}] (${op.op} ${op.path}): ${reason}; fix the path against the rendered object (see the action output "manifests")`,
      );
    }
  });
  return document;
}

const label = (o: KubernetesObject) => `${o.kind} ${o.metadata.name}`;

/**
 * Applies an app spec's expert patches, in order, to the objects a golden path rendered. Every object of the
 * target kind (and name, when given) is patched; a target that matches nothing is an error.
 *
 * @throws InputError naming the patch, the object and the fix.
 * @public
 */
export function applyAppSpecPatches(
  objects: KubernetesObject[],
  patches: AppSpecPatch[],
  goldenPath: GoldenPath,
): KubernetesObject[] {
  let result = objects;
  patches.forEach((p, i) => {
    const where = `patches[${i}]`;
    const matches = (o: KubernetesObject) =>
      o.kind === p.target.kind &&
      (p.target.name === undefined || o.metadata.name === p.target.name);
    if (!result.some(matches)) {
      throw new InputError(
        `${where}.target: the ${goldenPath} golden path renders no ${
          p.target.kind
        }${
          p.target.name ? ` named "${p.target.name}"` : ''
        }; target one of ${result.map(label).join(', ')}`,
      );
    }
    result = result.map(object => {
      if (!matches(object)) return object;
      const patched =
        p.type === 'json'
          ? applyJsonPatch(object, p.patch as Operation[], where)
          : (strategicMerge(object, p.patch) as KubernetesObject);
      const problems = validateObject(patched);
      if (problems.length > 0) {
        throw new InputError(
          `${where} leaves ${label(object)} invalid: ${problems.join('; ')}`,
        );
      }
      return patched;
    });
  });
  return result;
}
