import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { teamLeadsFromAnnotations } from '@paved/plugin-paved-common';

/**
 * The part of the catalog service that {@link teamLeadsOf} reads.
 *
 * @public
 */
export interface GroupLookup {
  getEntityByRef(
    entityRef: string,
    options: { credentials: BackstageCredentials },
  ): Promise<
    { metadata: { annotations?: Record<string, string> } } | undefined
  >;
}

/**
 * The team's leads, from the `paved.dev/team-leads` annotation of its catalog group; fails with a clear
 * message when the team is not a catalog group.
 *
 * @public
 */
export async function teamLeadsOf(
  catalog: GroupLookup,
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
