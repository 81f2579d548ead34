import { createTwoFilesPatch } from 'diff';
import { dump } from 'js-yaml';
import { redactSecretPair } from '../secrets/redact';
import { KubernetesObject } from './types';

const SERVER_FIELDS = [
  'resourceVersion',
  'managedFields',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
];

/**
 * The object without what the server maintains (status, managed fields, resource version, uid, …), as
 * compared in diffs.
 *
 * @public
 */
export function stripServerFields(object: KubernetesObject): KubernetesObject {
  const { status: _status, ...rest } = object;
  const metadata = { ...object.metadata };
  for (const field of SERVER_FIELDS) delete metadata[field];
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations['deployment.kubernetes.io/revision'];
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...rest, metadata } as KubernetesObject;
}

/**
 * A unified diff between the live object (or nothing) and the result of a server-side dry run; empty when
 * they are the same. Secret values never appear: each key of a Secret shows as `redacted`, with `(added)`,
 * `(changed)` or `(removed)` when its value changes (see {@link redactSecretPair}).
 *
 * @public
 */
export function objectDiff(
  label: string,
  live: KubernetesObject | undefined,
  planned: KubernetesObject,
): string {
  const shown = redactSecretPair(live, planned);
  const strippedAfter = stripServerFields(shown.after);
  if (!shown.before) {
    return additionPatch(`applied/${label}`, diffText(strippedAfter));
  }
  const strippedBefore = stripServerFields(shown.before);
  // most objects of a re-applied change are unchanged: no text is rendered for them
  if (sameJson(strippedBefore, strippedAfter)) return '';
  const before = diffText(strippedBefore);
  const after = diffText(strippedAfter);
  if (before === after) return '';
  return createTwoFilesPatch(
    `live/${label}`,
    `applied/${label}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  )
    .split('\n')
    .slice(1) // drop the "====" separator line
    .join('\n');
}

/**
 * An object as diffs show it: YAML with sorted keys, repeated parts written out (no anchors), strings that
 * YAML 1.1 would read as something else (`yes`, `on`, `0777`) quoted, as Kubernetes reads YAML 1.1. A clone
 * renders a hundred of these while its objects land, so the faster of the two YAML writers is used.
 */
function diffText(object: KubernetesObject): string {
  return dump(object, { sortKeys: true, noRefs: true, quotingType: '"' });
}

/**
 * The unified diff of `text` against nothing, as `createTwoFilesPatch` writes it without its separator line,
 * built directly: every line is added, so there is nothing to compare.
 */
export function additionPatch(name: string, text: string): string {
  const lines = text.split('\n');
  const ended = lines[lines.length - 1] === '';
  if (ended) lines.pop();
  return [
    '--- /dev/null',
    `+++ ${name}`,
    `@@ -0,0 +1,${lines.length} @@`,
    ...lines.map(line => `+${line}`),
    ...(ended ? [''] : ['\\ No newline at end of file', '']),
  ].join('\n');
}

/** Deep equality of two JSON values (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return (
      a.length === other.length && a.every((v, i) => sameJson(v, other[i]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter(k => left[k] !== undefined);
  const otherKeys = Object.keys(right).filter(k => right[k] !== undefined);
  return (
    keys.length === otherKeys.length &&
    keys.every(k => k in right && sameJson(left[k], right[k]))
  );
}
