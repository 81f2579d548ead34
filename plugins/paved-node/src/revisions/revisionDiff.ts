import { createTwoFilesPatch } from 'diff';
import yaml from 'yaml';
import { stripServerFields } from '../apply/diff';
import { KubernetesObject } from '../apply/types';
import { redactSecrets } from '../secrets/redact';
import { revisionObjectKey, revisionObjectName } from './revisionObjects';

function asYaml(object: KubernetesObject | undefined): string {
  return object
    ? yaml.stringify(stripServerFields(redactSecrets(object)), {
        sortMapEntries: true,
      })
    : '';
}

/**
 * A unified diff between two revisions' object sets: each object changed, added or removed, in the order of
 * the newer set (removed ones last). Secret values never appear (revisions hold none).
 *
 * @public
 */
export function revisionSetDiff(
  from: { revision: number; objects: KubernetesObject[] },
  to: { revision: number; objects: KubernetesObject[] },
): string {
  const before = new Map(from.objects.map(o => [revisionObjectKey(o), o]));
  const after = new Map(to.objects.map(o => [revisionObjectKey(o), o]));
  const keys = [
    ...after.keys(),
    ...[...before.keys()].filter(k => !after.has(k)),
  ];
  return keys
    .map(key => {
      const old = before.get(key);
      const now = after.get(key);
      const label = revisionObjectName((now ?? old)!);
      const a = asYaml(old);
      const b = asYaml(now);
      if (a === b) return '';
      return createTwoFilesPatch(
        old ? `revision-${from.revision}/${label}` : '/dev/null',
        now ? `revision-${to.revision}/${label}` : '/dev/null',
        a,
        b,
        undefined,
        undefined,
        { context: 3 },
      )
        .split('\n')
        .slice(1)
        .join('\n');
    })
    .filter(Boolean)
    .join('');
}
