import { InputError } from '@backstage/errors';

/**
 * The parts of an entity ref such as `group:default/team-checkout` (kind defaults to `group` and namespace
 * to `default`), lower-cased as the catalog compares them.
 */
export function parseEntityRefParts(ref: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(ref.trim());
  if (!match) {
    throw new InputError(
      `owner: "${ref}" is not an entity ref; write it as group:default/<team>`,
    );
  }
  const [, kind = 'group', namespace = 'default', name] = match;
  return {
    kind: kind.toLocaleLowerCase('en-US'),
    namespace: namespace.toLocaleLowerCase('en-US'),
    name: name.toLocaleLowerCase('en-US'),
  };
}
