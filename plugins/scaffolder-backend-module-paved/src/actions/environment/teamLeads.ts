import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Annotation on a Group listing its team leads' user refs, comma separated. */
export const TEAM_LEADS_ANNOTATION = 'paved.dev/team-leads';

/** The team's leads from its catalog entity; fails with a clear message when the team is unknown. */
export async function teamLeadsOf(
  catalog: CatalogService,
  team: string,
  credentials: BackstageCredentials,
): Promise<string[]> {
  const group = await catalog.getEntityByRef(team, { credentials });
  if (!group) {
    throw new InputError(
      `team: ${team} is not a group in the catalog; pick one of your teams`,
    );
  }
  return (group.metadata.annotations?.[TEAM_LEADS_ANNOTATION] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
