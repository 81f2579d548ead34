import { NotAllowedError } from '@backstage/errors';
import { ClusterIdentity } from '../cluster/types';
import { EnvironmentSettings } from './settings';

/**
 * Whether the acting user is a platform admin: a member of a group in `paved.access.platformAdminGroups`.
 *
 * @public
 */
export function isPlatformAdmin(
  actor: ClusterIdentity,
  settings: EnvironmentSettings,
): boolean {
  return actor.groups.some(g => settings.platformAdminGroups.includes(g));
}

/**
 * Refuses unless the user belongs to the team (or is a platform admin), naming both.
 *
 * @public
 */
export function requireTeamMember(
  actor: ClusterIdentity,
  team: string,
  settings: EnvironmentSettings,
  doing: string,
): void {
  if (actor.groups.includes(team) || isPlatformAdmin(actor, settings)) return;
  const mine = actor.groups.filter(g => g.startsWith('group:'));
  throw new NotAllowedError(
    `${actor.user} may not ${doing}: it belongs to ${
      team || 'no team'
    }, and you are in ${mine.join(', ') || 'no team'}. Ask a member of ${
      team || 'the platform team'
    } to do it.`,
  );
}
