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
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { loadEnvironmentResource } from './environmentResource';
import { pavedEnvironmentPermissionRules } from './environmentRules';

const isAllowed = createConditionAuthorizer(
  Object.values(pavedEnvironmentPermissionRules),
);

/**
 * What an environment permission check needs: the permission service, the caller's credentials, the
 * permission and the environment (which need not exist yet).
 *
 * @public
 */
export type EnvironmentPermissionCheck = [
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>,
  environment: PavedEnvironmentResource,
];

/**
 * Whether the user holds an environment permission for this environment. The policy's conditions are applied
 * here to the environment as described, so it works for environments that do not exist yet (create, clone).
 *
 * @public
 */
export async function isEnvironmentAllowed(
  ...[
    permissions,
    credentials,
    permission,
    environment,
  ]: EnvironmentPermissionCheck
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
  ...check: EnvironmentPermissionCheck
): Promise<ChangeDecision> {
  if (await isEnvironmentAllowed(...check)) return 'allow';
  const [permissions, credentials, , environment] = check;
  const mayRequest = await isEnvironmentAllowed(
    permissions,
    credentials,
    pavedChangeRequestPermission,
    environment,
  );
  return mayRequest ? 'approval-required' : 'deny';
}

/**
 * Refuses with a NotAllowedError naming the permission, the environment and who to ask, unless allowed.
 *
 * @public
 */
export async function requireEnvironmentPermission(
  ...check: EnvironmentPermissionCheck
): Promise<void> {
  if (!(await isEnvironmentAllowed(...check))) {
    throw notGrantedError(check[2], check[3]);
  }
}

/**
 * How each existing target namespace of a change may proceed for the user. Namespaces that do not exist are
 * left out: the guardrails name the fix for those.
 *
 * @public
 */
export async function decideForNamespaces(
  deps: { permissions: PermissionsService; clusters: ClusterRegistry },
  credentials: BackstageCredentials,
  permission: ResourcePermission<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>,
  cluster: string,
  namespaces: string[],
): Promise<
  Array<{ environment: PavedEnvironmentResource; decision: ChangeDecision }>
> {
  const found = await Promise.all(
    [...new Set(namespaces)].map(ns =>
      loadEnvironmentResource(deps.clusters, cluster, ns),
    ),
  );
  return Promise.all(
    found
      .filter((env): env is PavedEnvironmentResource => Boolean(env))
      .map(async environment => ({
        environment,
        decision: await decideEnvironmentChange(
          deps.permissions,
          credentials,
          permission,
          environment,
        ),
      })),
  );
}

/**
 * Whether the user holds `paved.platform.admin` (the guardrails then allow cluster-scoped objects).
 *
 * @public
 */
export async function isPlatformAdminCaller(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await permissions.authorize(
    [{ permission: pavedPlatformAdminPermission }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * Describes an environment for messages: `local/checkout-production (team …, protected)`.
 *
 * @public
 */
export function describeEnvironment(env: PavedEnvironmentResource): string {
  const facts = [env.team && `team ${env.team}`, env.protected && 'protected']
    .filter(Boolean)
    .join(', ');
  return `${env.cluster}/${env.namespace}${facts ? ` (${facts})` : ''}`;
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
  const who = environment.team
    ? `a team lead of ${environment.team}`
    : 'a platform admin';
  return new NotAllowedError(
    `${permission.name} is not granted for ${describeEnvironment(
      environment,
    )}; ask ${who} to do it or to grant you access`,
  );
}
