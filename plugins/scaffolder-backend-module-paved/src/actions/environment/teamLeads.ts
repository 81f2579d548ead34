import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { teamLeadsFromAnnotations } from '@paved/plugin-paved-common';

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
  return teamLeadsFromAnnotations(group.metadata.annotations);
}
