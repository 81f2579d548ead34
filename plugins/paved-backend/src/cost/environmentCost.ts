import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { EnvironmentCost, PAVED_ANNOTATIONS } from '@paved/plugin-paved-common';
import { ClusterIdentity } from '@paved/plugin-paved-node';
import { CostContext } from './costContext';
import { totalsOf } from './costTotals';
import { linesOf, scopeReports } from './scopeReports';

/**
 * One environment's cost, per component and workload: a `kubernetes-environment` Resource of the catalog
 * (annotations `paved.dev/cluster` and `paved.dev/namespace`), charged while it is an environment of its
 * owner.
 *
 * @throws InputError when the resource is not a Paved environment.
 */
export async function environmentCost(
  context: CostContext,
  resource: Entity,
  identity: ClusterIdentity,
): Promise<EnvironmentCost> {
  const entityRef = stringifyEntityRef(resource);
  const annotations = resource.metadata.annotations ?? {};
  const cluster = annotations[PAVED_ANNOTATIONS.cluster];
  const namespace = annotations[PAVED_ANNOTATIONS.namespace];
  const owner = resource.spec?.owner;
  if (!cluster || !namespace || typeof owner !== 'string') {
    throw new InputError(
      `${entityRef} is not a Paved environment: it needs the paved.dev/cluster and paved.dev/namespace annotations and a spec.owner, as the environments Paved adds to the catalog have`,
    );
  }
  const team = stringifyEntityRef(
    parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    }),
  );
  const teamScopes = await context.scopes.ofTeams([team], identity);
  const { notes, unavailable } = teamScopes;
  const scopes = teamScopes.scopes
    .filter(s => s.cluster === cluster && s.namespaces.includes(namespace))
    .map(s => ({ ...s, namespaces: [namespace] }));
  if (scopes.length === 0 && !unavailable.has(cluster)) {
    notes.push(
      `${namespace} on ${cluster} is not an environment of ${team} now, so nothing is charged.`,
    );
  }
  const present = await scopeReports(
    context,
    scopes,
    ['component', 'workload'],
    { notes, unavailable },
  );
  const environment = scopes[0]?.environments.get(namespace);
  return {
    entityRef,
    cluster,
    namespace,
    ...(environment && { environment }),
    team,
    ...totalsOf(context, present, notes),
    byComponent: linesOf(present, 0),
    byWorkload: linesOf(present, 1),
    ...unavailable.answer(),
  };
}
