import {
  DiscoveryService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { z as zod } from 'zod/v3';
import {
  GitHost,
  GitPublishTarget,
  gitTeamOf,
  isRepositoryName,
  readEnvironmentSettings,
  readGitPublishTarget,
} from '@paved/plugin-paved-node';
import { registrantOf, requireOwnTeam } from '../catalog/ownership';

/**
 * What the git actions need to check who a repository is for.
 *
 * @public
 */
export interface GitActionDeps {
  config: RootConfigService;
  userInfo: UserInfoService;
  /** Where the Paved backend is reached, for the pull request webhook of a published repository. */
  discovery?: DiscoveryService;
}

/** The `name` and `owner` inputs of the git actions. */
export const repositoryInputs = {
  name: (z: typeof zod) =>
    z.string({
      description:
        'The repository’s name, usually the component’s, e.g. orders-api',
    }),
  owner: (z: typeof zod) =>
    z.string({
      description:
        'The owning team, e.g. group:default/team-checkout; its organisation holds the repository',
    }),
};

/**
 * The organisation and name of the repository a task may make, and where golden paths publish: the name must be
 * a valid one, and the owner one of the initiator's teams (platform admins may name any team).
 */
export async function ownRepository(
  deps: GitActionDeps,
  input: { name: string; owner: string },
  credentials: Parameters<UserInfoService['getUserInfo']>[0],
): Promise<{ organization: string; name: string; target: GitPublishTarget }> {
  if (!isRepositoryName(input.name)) {
    throw new InputError(
      `name: "${input.name}" is not a repository name; use lowercase letters, digits and "-", e.g. orders-api`,
    );
  }
  const team = gitTeamOf(input.owner);
  const { platformAdminGroups } = readEnvironmentSettings(deps.config);
  const who = await registrantOf(
    deps.userInfo,
    credentials,
    platformAdminGroups,
  );
  requireOwnTeam(team.ref, who);
  return {
    organization: team.organization,
    name: input.name,
    target: readGitPublishTarget(deps.config),
  };
}

/** The push address of a repository on the host. */
export function pushUrl(host: GitHost, organization: string, name: string) {
  return `${host.baseUrl}/${organization}/${name}.git`;
}
