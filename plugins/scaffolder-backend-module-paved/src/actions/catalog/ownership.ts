import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';

/**
 * Who registers a component: their user ref, their groups, and whether they are a platform admin.
 */
export interface Registrant {
  user: string;
  groups: string[];
  platformAdmin: boolean;
}

/**
 * The registrant behind a task's initiator credentials: their user ref, their groups (the ownership refs
 * other than the user), and whether one of those is a platform admin group.
 */
export async function registrantOf(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
  platformAdminGroups: string[],
): Promise<Registrant> {
  const info = await userInfo.getUserInfo(credentials);
  const groups = info.ownershipEntityRefs.filter(
    ref => ref !== info.userEntityRef,
  );
  return {
    user: info.userEntityRef,
    groups,
    platformAdmin: groups.some(g => platformAdminGroups.includes(g)),
  };
}

/** The owner of an entity as a full ref (`team-x` → `group:default/team-x`). */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner.length === 0) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Refuses an owner that is neither the registrant nor one of their teams (platform admins may name any), so a
 * golden path acts for the user's own team only.
 */
export function requireOwnTeam(owner: string, who: Registrant): void {
  if (who.platformAdmin || isOwnedBy(owner, who)) return;
  const teams = who.groups.filter(g => g.startsWith('group:'));
  throw new NotAllowedError(
    `owner: ${owner} is not one of your teams (${
      teams.join(', ') || 'no team'
    }); choose your own team`,
  );
}

function isOwnedBy(owner: string | undefined, who: Registrant): boolean {
  return (
    owner !== undefined && (owner === who.user || who.groups.includes(owner))
  );
}

/**
 * Refuses a registration that would give a team a component that is not theirs: the new file's owner must be
 * the registrant or one of their groups, and a component already registered under that name (in the catalog,
 * or as the local file that a refresh would read) must already belong to them. Platform admins may register
 * for any team.
 */
export function requireOwnComponent(options: {
  entityRef: string;
  file: Entity;
  who: Registrant;
  registered?: Entity;
  previousFile?: Entity;
}): void {
  const { entityRef, file, who, registered, previousFile } = options;
  if (who.platformAdmin) return;
  const teams = who.groups.filter(g => g.startsWith('group:'));
  const yours = teams.join(', ') || 'no team';
  const owner = ownerRefOf(file);
  if (!isOwnedBy(owner, who)) {
    throw new NotAllowedError(
      `spec.owner of ${entityRef} is ${
        owner ?? 'missing'
      }, which is not one of your teams (${yours}); ` +
        `a golden path registers components for your own team, so set spec.owner to one of them`,
    );
  }
  for (const existing of [registered, previousFile]) {
    if (!existing) continue;
    const current = ownerRefOf(existing);
    if (!isOwnedBy(current, who)) {
      throw new NotAllowedError(
        `${entityRef} is already registered and belongs to ${
          current ?? 'no owner'
        }, not to your teams ` +
          `(${yours}); choose another name, or ask its owners or a platform admin`,
      );
    }
  }
}
