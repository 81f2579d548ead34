import { UserInfoService } from '@backstage/backend-plugin-api';
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
  pavedEnvironmentDeletePermission,
  pavedPermissions,
} from '@paved/plugin-paved-common';
import {
  createPavedEnvironmentConditionalDecision,
  pavedEnvironmentConditions,
} from '@paved/plugin-paved-node';
import { TeamDirectory, TeamMembership } from './TeamDirectory';

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
  /** The answer for permissions that are not Paved's. */
  otherPermissions: 'allow' | 'deny';
}

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
 * Anything else of Paved's is denied. Permissions of other plugins get `otherPermissions`.
 *
 * @public
 */
export class PavedTierPolicy implements PermissionPolicy {
  constructor(private readonly options: PavedTierPolicyOptions) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!PAVED_NAMES.has(permission.name)) {
      return {
        result:
          this.options.otherPermissions === 'allow'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    }
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

    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      const owner = catalogConditions.isEntityOwner({
        claims: info.ownershipEntityRefs,
      });
      if (!isPermission(permission, pavedEntityCostReadPermission)) {
        return createCatalogConditionalDecision(permission, owner);
      }
      // a team's cost is readable by its members: the group entity is one of the user's groups
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
