import { AuthService, BackstageUserInfo } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { teamLeadsFromAnnotations } from '@paved/plugin-paved-common';

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
  private readonly cache = new Map<
    string,
    { at: number; leads: Promise<LeadLookup> }
  >();

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly cacheMs = 30_000,
  ) {}

  /** The membership of the user described by `info`. */
  async membership(info: BackstageUserInfo): Promise<TeamMembership> {
    const memberOf = info.ownershipEntityRefs.filter(ref =>
      ref.startsWith('group:'),
    );
    const key = `${info.userEntityRef}|${memberOf.join(',')}`;
    const now = Date.now();
    let hit = this.cache.get(key);
    if (!hit || now - hit.at > this.cacheMs) {
      hit = { at: now, leads: this.lookupLeads(info.userEntityRef, memberOf) };
      this.cache.set(key, hit);
      hit.leads.catch(() => this.cache.delete(key));
    }
    const { leads, members } = await hit.leads;
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
