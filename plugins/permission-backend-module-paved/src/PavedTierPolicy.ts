import { LoggerService, UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_PAVED_ENVIRONMENT,
  pavedApprovalDecidePermission,
  pavedChangeRequestPermission,
  pavedEntityCostReadPermission,
  pavedEntitySecretsReadPermission,
  pavedEnvironmentDeletePermission,
  pavedPermissions,
} from '@paved/plugin-paved-common';
import {
  createPavedEnvironmentConditionalDecision,
  pavedEnvironmentConditions,
} from '@paved/plugin-paved-node';
import { TeamDirectory, TeamMembership } from './TeamDirectory';
import { PermissionRule } from './rules/types';
import { catalogRules } from './rules/catalog';
import { scaffolderRules } from './rules/scaffolder';
import { kubernetesRules } from './rules/kubernetes';
import { anyUser } from './rules/decisions';

const PAVED_NAMES = new Set(pavedPermissions.map(p => p.name));

/**
 * Options of {@link PavedTierPolicy}.
 *
 * @public
 */
export interface PavedTierPolicyOptions {
  userInfo: UserInfoService;
  teams: TeamDirectory;
  /** Group refs whose members are platform admins. */
  platformAdminGroups: string[];
  /**
   * Names of permissions the policy does not know that signed-in users are allowed anyway
   * (`paved.access.allowPermissions`); every other unknown permission is denied and logged.
   */
  allowPermissions?: string[];
  /** Where refusals of unknown permissions are reported (once per permission name). */
  logger?: LoggerService;
}

/**
 * The tier rules for the permissions of Backstage's own plugins in the app, by permission name.
 *
 * @public
 */
export const otherPluginRules: Record<string, PermissionRule> = {
  ...catalogRules,
  ...scaffolderRules,
  ...kubernetesRules,
};

/**
 * Paved's three tiers as a permission policy.
 *
 * - Platform admins (members of `paved.access.platformAdminGroups`): every Paved permission.
 * - Team leads (named in a group's `paved.dev/team-leads`): what developers may, plus changing their teams'
 *   protected environments and deciding approvals there (deleting a protected environment stays with
 *   platform admins).
 * - Developers: read the platform views (logs, events, metrics, cost) of entities their teams own; create,
 *   clone into, delete and apply to their teams' non-protected environments; request changes to their teams'
 *   protected ones.
 *
 * The permissions of the other plugins in the app (catalog, scaffolder, Kubernetes) are decided by
 * {@link otherPluginRules}. Anything else is denied, and so is every request without a signed-in user.
 *
 * @public
 */
export class PavedTierPolicy implements PermissionPolicy {
  private readonly reported = new Set<string>();

  constructor(private readonly options: PavedTierPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!user) return { result: AuthorizeResult.DENY };
    const info = await this.options.userInfo.getUserInfo(user.credentials);
    const membership = await this.options.teams.membership(info);
    if (
      membership.memberOf.some(g =>
        this.options.platformAdminGroups.includes(g),
      )
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (!PAVED_NAMES.has(permission.name)) {
      const rule =
        otherPluginRules[permission.name] ??
        (this.options.allowPermissions?.includes(permission.name)
          ? anyUser
          : undefined);
      if (!rule) return this.unknown(permission.name);
      return rule(permission, {
        user: info.userEntityRef,
        ownershipRefs: info.ownershipEntityRefs,
        membership,
      });
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      const owner = catalogConditions.isEntityOwner({
        claims: info.ownershipEntityRefs,
      });
      if (
        !isPermission(permission, pavedEntityCostReadPermission) &&
        !isPermission(permission, pavedEntitySecretsReadPermission)
      ) {
        return createCatalogConditionalDecision(permission, owner);
      }
      // a team's cost and secret keys are readable by its members: the group entity is one of the user's groups
      return createCatalogConditionalDecision(permission, {
        anyOf: [owner, ...membership.memberOf.map(groupCondition)],
      });
    }

    if (isResourcePermission(permission, RESOURCE_TYPE_PAVED_ENVIRONMENT)) {
      const criteria = environmentCriteria(permission.name, membership);
      return criteria
        ? createPavedEnvironmentConditionalDecision(permission, criteria)
        : { result: AuthorizeResult.DENY };
    }
    // paved.platform.admin and anything new: platform admins only
    return { result: AuthorizeResult.DENY };
  }

  private unknown(name: string): PolicyDecision {
    if (!this.reported.has(name)) {
      this.reported.add(name);
      this.options.logger?.warn(
        `Denied permission "${name}": the Paved tier policy has no rule for it, so only platform admins get it. ` +
          `To allow it for every signed-in user, add it to paved.access.allowPermissions.`,
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}

function groupCondition(
  ref: string,
): PermissionCriteria<PermissionCondition<'catalog-entity'>> {
  const [, namespace, name] = /^group:([^/]+)\/(.+)$/.exec(ref) ?? [];
  return {
    allOf: [
      catalogConditions.isEntityKind({ kinds: ['group'] }),
      catalogConditions.hasMetadata({ key: 'namespace', value: namespace }),
      catalogConditions.hasMetadata({ key: 'name', value: name }),
    ],
  };
}

/** The criteria a non-admin must meet for an environment permission; undefined when none can be met. */
export function environmentCriteria(
  permissionName: string,
  { memberOf, leads }: TeamMembership,
):
  | PermissionCriteria<
      PermissionCondition<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>
    >
  | undefined {
  const { isTeamEnvironment, isProtectedEnvironment } =
    pavedEnvironmentConditions;
  if (permissionName === pavedApprovalDecidePermission.name) {
    return leads.length ? isTeamEnvironment({ teams: leads }) : undefined;
  }
  if (permissionName === pavedChangeRequestPermission.name) {
    return memberOf.length ? isTeamEnvironment({ teams: memberOf }) : undefined;
  }
  if (memberOf.length === 0) return undefined;
  type Criteria = PermissionCriteria<
    PermissionCondition<typeof RESOURCE_TYPE_PAVED_ENVIRONMENT>
  >;
  const asDeveloper: Criteria = {
    allOf: [
      isTeamEnvironment({ teams: memberOf }),
      { not: isProtectedEnvironment() },
    ] as [Criteria, Criteria],
  };
  // deleting a protected environment (production) is for platform admins alone
  if (permissionName === pavedEnvironmentDeletePermission.name) {
    return asDeveloper;
  }
  return leads.length
    ? { anyOf: [asDeveloper, isTeamEnvironment({ teams: leads })] }
    : asDeveloper;
}
