import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PavedEnvironmentResource,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import {
  ChangeDecision,
  ClusterRegistry,
  decideEnvironmentChange,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';

/** How each target namespace of a change may proceed for the user. */
export async function decideForNamespaces(
  deps: { permissions: PermissionsService; clusters: ClusterRegistry },
  credentials: BackstageCredentials,
  permission: ResourcePermission<'paved-environment'>,
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
      // namespaces that do not exist are left to the guardrails, which name the fix
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

/** Whether the user holds `paved.platform.admin` (the guardrails then allow cluster-scoped objects). */
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

/** Describes an environment for messages: `local/checkout-production (team …, protected)`. */
export function describeEnvironment(env: PavedEnvironmentResource): string {
  const facts = [env.team && `team ${env.team}`, env.protected && 'protected']
    .filter(Boolean)
    .join(', ');
  return `${env.cluster}/${env.namespace}${facts ? ` (${facts})` : ''}`;
}
