import { AuthService, BackstageUserInfo } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { teamLeadsFromAnnotations } from '@paved/plugin-paved-common';
import { PromiseCache } from '@paved/plugin-paved-node';

/**
 * A user's place in the teams: the groups they belong to and those they lead.
 *
 * @public
 */
export interface TeamMembership {
  user: string;
  /** Group refs among the user's ownership refs. */
  memberOf: string[];
  /** Groups (among memberOf) whose `paved.dev/team-leads` annotation names the user. */
  leads: string[];
  /** User refs of the members of the groups in `leads` (the catalog's `hasMember` relations). */
  membersOfLedTeams: string[];
}

interface LeadLookup {
  leads: string[];
  members: string[];
}

/**
 * Looks up which of a user's groups they lead, from the groups' catalog entities, with a short cache.
 *
 * @public
 */
export class TeamDirectory {
  private readonly cache: PromiseCache<LeadLookup>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    cacheMs = 30_000,
  ) {
    this.cache = new PromiseCache(cacheMs);
  }

  /** The membership of the user described by `info`. */
  async membership(info: BackstageUserInfo): Promise<TeamMembership> {
    const memberOf = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    const key = `${info.userEntityRef}|${memberOf.join(',')}`;
    const { leads, members } = await this.cache.get(key, () =>
      this.lookupLeads(info.userEntityRef, memberOf),
    );
    return {
      user: info.userEntityRef,
      memberOf,
      leads,
      membersOfLedTeams: members,
    };
  }

  private async lookupLeads(
    user: string,
    groups: string[],
  ): Promise<LeadLookup> {
    if (groups.length === 0) return { leads: [], members: [] };
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: groups, fields: ['metadata.annotations', 'relations'] },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const leads: string[] = [];
    const members = new Set<string>();
    groups.forEach((group, i) => {
      const entity = items[i];
      if (
        !teamLeadsFromAnnotations(entity?.metadata?.annotations).includes(user)
      ) {
        return;
      }
      leads.push(group);
      for (const relation of entity?.relations ?? []) {
        if (relation.type === 'hasMember') members.add(relation.targetRef);
      }
    });
    return { leads, members: [...members] };
  }
}
