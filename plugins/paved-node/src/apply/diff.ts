import { createTwoFilesPatch } from 'diff';
import yaml from 'yaml';
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
  const before = shown.before
    ? yaml.stringify(stripServerFields(shown.before), { sortMapEntries: true })
    : '';
  const after = yaml.stringify(stripServerFields(shown.after), {
    sortMapEntries: true,
  });
  if (before === after) return '';
  return createTwoFilesPatch(
    live ? `live/${label}` : '/dev/null',
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
