import { InputError } from '@backstage/errors';
import { isKubernetesName } from '@paved/plugin-paved-common';

/** A team label value: `<kind>.<namespace>.<name>` of the team's group, as Paved's team label holds it. */
const TEAM = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;

/**
 * The KV path (below the mount) of a team's secret in a namespace: `<team>/<namespace>/<secretName>`. Every
 * segment is checked, so no input can reach another team's path (no `/`, `..` or empty segment).
 *
 * @public
 */
export function teamSecretPath(
  team: string,
  namespace: string,
  secretName: string,
): string {
  assertTeam(team);
  if (!isKubernetesName(namespace, 'label')) {
    throw new InputError(`"${namespace}" is not a namespace name`);
  }
  if (!isKubernetesName(secretName, 'subdomain')) {
    throw new InputError(`"${secretName}" is not a Secret name`);
  }
  return `${team}/${namespace}/${secretName}`;
}

/**
 * Fails unless `team` is a team label value (`group.default.team-checkout`), usable as one path segment and in
 * a policy name.
 *
 * @internal
 */
export function assertTeam(team: string): void {
  if (!TEAM.test(team) || team.length > 63 || team.includes('..')) {
    throw new InputError(
      `"${team}" is not a team label value (e.g. group.default.team-checkout)`,
    );
  }
}

/**
 * The API path of a secret's data in a KV version 2 mount: `<mount>/data/<team>/<namespace>/<secretName>`.
 *
 * @internal
 */
export function kvDataPath(
  mount: string,
  team: string,
  namespace: string,
  secretName: string,
): string {
  return `${mount}/data/${teamSecretPath(team, namespace, secretName)}`;
}
