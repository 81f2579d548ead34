import { PolicyDecision } from '@backstage/plugin-permission-common';
import { Permission } from '@backstage/plugin-permission-common';
import { TeamMembership } from '../TeamDirectory';

/**
 * What a rule knows about the signed-in caller when it decides a permission.
 *
 * @public
 */
export interface CallerContext {
  /** The user's entity ref. */
  user: string;
  /** The user's ownership refs (the user and their groups), as the token carries them. */
  ownershipRefs: string[];
  /** The user's teams, the teams they lead and the members of those teams. */
  membership: TeamMembership;
}

/**
 * Decides one permission of another plugin for a signed-in user who is not a platform admin.
 *
 * @public
 */
export type PermissionRule = (
  permission: Permission,
  caller: CallerContext,
) => PolicyDecision;
