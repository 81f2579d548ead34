import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRefParts } from './orgs';

/**
 * The config key naming the `integrations.gitea` host golden paths publish to.
 *
 * @public
 */
export const GIT_HOST_KEY = 'paved.git.host';

/**
 * A Gitea host golden paths publish to, with the credentials of its `integrations.gitea` entry. The
 * password (a token) never leaves the backend.
 *
 * @public
 */
export interface GitHost {
  /** The integration's host, e.g. `127.0.0.1:13300`. */
  host: string;
  /** The web and API base URL, e.g. `http://127.0.0.1:13300`, without a trailing slash. */
  baseUrl: string;
  username: string;
  password: string;
}

/**
 * Where golden paths put their code: a git host (a repository in the owning team's organisation) or,
 * without one, the workspace only, with the component registered from the local catalog folder.
 *
 * @public
 */
export type GitPublishTarget =
  | { mode: 'git'; host: GitHost }
  | { mode: 'local'; reason: string };

/**
 * Reads `paved.git.host` and the `integrations.gitea` entry it names. Golden paths publish only when the
 * entry exists and has a username and password; otherwise the target is `local`, with the reason.
 *
 * @public
 */
export function readGitPublishTarget(config: Config): GitPublishTarget {
  const host = config.getOptionalString(GIT_HOST_KEY)?.trim();
  if (!host) {
    return {
      mode: 'local',
      reason: `no git host is configured (${GIT_HOST_KEY})`,
    };
  }
  const entry = (
    config.getOptionalConfigArray('integrations.gitea') ?? []
  ).find(e => e.getString('host') === host);
  if (!entry) {
    return {
      mode: 'local',
      reason: `${GIT_HOST_KEY} is ${host}, but integrations.gitea has no entry for that host`,
    };
  }
  const username = entry.getOptionalString('username');
  const password = entry.getOptionalString('password');
  if (!username || !password) {
    return {
      mode: 'local',
      reason: `the integrations.gitea entry for ${host} has no username and password (is the git host started?)`,
    };
  }
  const baseUrl = (
    entry.getOptionalString('baseUrl') ?? `https://${host}`
  ).replace(/\/+$/, '');
  return { mode: 'git', host: { host, baseUrl, username, password } };
}

/**
 * The team an owner ref names, as the catalog spells ownership refs (`team-checkout` →
 * `group:default/team-checkout`), and the organisation its repositories live in: the group's name, prefixed with
 * its namespace outside `default`. An owner that is not a group is an InputError naming the field.
 *
 * @public
 */
export function gitTeamOf(ownerRef: string): {
  ref: string;
  organization: string;
} {
  const { kind, namespace, name } = parseEntityRefParts(ownerRef);
  if (kind !== 'group') {
    throw new InputError(
      `owner: ${ownerRef} is not a team; give the owning group, e.g. group:default/team-checkout`,
    );
  }
  return {
    ref: `group:${namespace}/${name}`,
    organization: namespace === 'default' ? name : `${namespace}-${name}`,
  };
}

/**
 * The organisation a team's repositories live in (`group:default/team-checkout` → `team-checkout`).
 *
 * @public
 */
export function gitOrganizationOf(ownerRef: string): string {
  return gitTeamOf(ownerRef).organization;
}

/** A repository name the git host and a Kubernetes name both accept. */
const REPOSITORY_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Whether `name` is a repository name golden paths may use: lowercase letters, digits and "-", at most 100.
 *
 * @public
 */
export function isRepositoryName(name: string): boolean {
  return name.length <= 100 && REPOSITORY_NAME.test(name);
}

/**
 * The web address of a repository on the host, e.g. `http://127.0.0.1:13300/team-checkout/orders-api`.
 *
 * @public
 */
export function repositoryUrl(
  host: Pick<GitHost, 'baseUrl'>,
  organization: string,
  name: string,
): string {
  return `${host.baseUrl}/${organization}/${name}`;
}

/**
 * The address of the files of a repository's `main` branch, which the catalog reads a component from.
 *
 * @public
 */
export function repositoryContentsUrl(
  host: Pick<GitHost, 'baseUrl'>,
  organization: string,
  name: string,
): string {
  return `${repositoryUrl(host, organization, name)}/src/branch/main/`;
}
