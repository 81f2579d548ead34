import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { CallerContext, PermissionRule } from './types';

/** Allowed to every signed-in user. */
export const anyUser: PermissionRule = () => ({
  result: AuthorizeResult.ALLOW,
});

/** Allowed to members of at least one team (developers and up); users without a team are refused. */
export const teamMember: PermissionRule = (_, caller) => ({
  result:
    caller.membership.memberOf.length > 0
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY,
});

/** Platform admins only (they never reach a rule: the policy allows them everything first). */
export const platformAdminOnly: PermissionRule = () => ({
  result: AuthorizeResult.DENY,
});

/** A plain denial, for rules that find no condition the caller could meet. */
export const deny = (): PolicyDecision => ({ result: AuthorizeResult.DENY });

/** True when the caller leads at least one team. */
export const leadsATeam = (caller: CallerContext) =>
  caller.membership.leads.length > 0;

/** Allowed to team leads (and platform admins); developers are refused. */
export const teamLead: PermissionRule = (_, caller) => ({
  result: leadsATeam(caller) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
});
