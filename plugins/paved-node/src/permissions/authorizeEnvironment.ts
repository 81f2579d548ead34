import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  PavedEnvironmentResource,
  RESOURCE_TYPE_PAVED_ENVIRONMENT,
  pavedChangeRequestPermission,
} from '@paved/plugin-paved-common';
import { pavedEnvironmentPermissionRules } from './environmentRules';

const isAllowed = createConditionAuthorizer(
  Object.values(pavedEnvironmentPermissionRules),
);

/**
 * Whether the user holds an environment permission for this environment. The policy's conditions are applied
 * here to the environment as described, so it works for environments that do not exist yet (create, clone).
 *
 * @public
 */
export async function isEnvironmentAllowed(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>,
  environment: PavedEnvironmentResource,
): Promise<boolean> {
  const [decision] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    return isAllowed(decision, environment);
  }
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * How a change to an environment may proceed: directly, only through an approval, or not at all.
 *
 * @public
 */
export type ChangeDecision = 'allow' | 'approval-required' | 'deny';

/**
 * Decides how a change to an environment may proceed for this user: `allow` when they hold `permission`;
 * `approval-required` when they may only request changes (a developer in their team's production);
 * `deny` otherwise.
 *
 * @public
 */
export async function decideEnvironmentChange(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>,
  environment: PavedEnvironmentResource,
): Promise<ChangeDecision> {
  if (
    await isEnvironmentAllowed(
      permissions,
      credentials,
      permission,
      environment,
    )
  ) {
    return 'allow';
  }
  if (
    await isEnvironmentAllowed(
      permissions,
      credentials,
      pavedChangeRequestPermission,
      environment,
    )
  ) {
    return 'approval-required';
  }
  return 'deny';
}

/**
 * Refuses with a NotAllowedError naming the permission, the environment and who to ask, unless allowed.
 *
 * @public
 */
export async function requireEnvironmentPermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>,
  environment: PavedEnvironmentResource,
): Promise<void> {
  if (
    await isEnvironmentAllowed(
      permissions,
      credentials,
      permission,
      environment,
    )
  ) {
    return;
  }
  throw notGrantedError(permission, environment);
}

/**
 * The refusal of an environment permission: the permission, the environment and whom to ask.
 *
 * @public
 */
export function notGrantedError(
  permission: { name: string },
  environment: PavedEnvironmentResource,
): NotAllowedError {
  const facts = [
    environment.team && `team ${environment.team}`,
    environment.protected && 'protected',
  ].filter(Boolean);
  const where = `${environment.cluster}/${environment.namespace}${
    facts.length ? ` (${facts.join(', ')})` : ''
  }`;
  const who = environment.team
    ? `a team lead of ${environment.team}`
    : 'a platform admin';
  return new NotAllowedError(
    `${permission.name} is not granted for ${where}; ask ${who} to do it or to grant you access`,
  );
}
