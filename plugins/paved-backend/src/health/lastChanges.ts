import { EnvironmentHealth } from '@paved/plugin-paved-common';
import { mapWithConcurrency } from '@paved/plugin-paved-node';
import { ENVIRONMENT_CONCURRENCY } from '../entity/entityEnvironments';
import { RevisionStore } from '../revisions/RevisionStore';
import { environmentKey } from '../metrics/periodComparison';

/** The last change of each environment, keyed `cluster/namespace`. */
export type LastChanges = Map<
  string,
  NonNullable<EnvironmentHealth['lastChange']>
>;

/**
 * The newest revision Paved recorded in each of `places` (of `component` only, when given — what the
 * entity's Revisions card lists): who, when, its number and how it came (`apply`, `rollback`, …).
 * Environments without one are left out.
 */
export async function lastChanges(
  store: RevisionStore,
  places: Array<{ cluster: string; namespace: string }>,
  component?: string,
): Promise<LastChanges> {
  const found: LastChanges = new Map();
  await mapWithConcurrency(places, ENVIRONMENT_CONCURRENCY, async place => {
    const { revisions } = await store.list({
      environments: [place],
      ...(component !== undefined ? { component } : {}),
      limit: 1,
    });
    const [last] = revisions;
    if (!last) return;
    found.set(environmentKey(place), {
      actor: last.actor,
      at: last.at,
      revision: last.revision,
      action: last.source.kind,
    });
  });
  return found;
}
