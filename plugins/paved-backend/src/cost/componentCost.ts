import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  CostInput,
  suggestRequests,
} from '@paved/plugin-paved-node';
import {
  ComponentCost,
  KUBERNETES_ID_ANNOTATION,
  RightsizingSuggestion,
} from '@paved/plugin-paved-common';
import { entityScope } from '../entity/entityScope';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { CostContext } from './costContext';
import { totalsOf } from './costTotals';
import { linesOf, ScopeReport, scopeReports } from './scopeReports';
import { topDrivers } from './topDrivers';

/** Days of usage rightsizing looks at. */
const RIGHTSIZING_DAYS = 7;

/**
 * A component's cost in its owners' environments (the objects labelled with its
 * `backstage.io/kubernetes-id`): month to date, projection, daily series, per environment and workload, the
 * top drivers and rightsizing suggestions.
 */
export async function componentCost(
  context: CostContext,
  entity: Entity,
  identity: ClusterIdentity,
): Promise<ComponentCost> {
  const { entityRef, kubernetesId, teams } = entityScope(entity);
  const { scopes, notes, unavailable } = kubernetesId
    ? await context.scopes.ofTeams(teams, identity, {
        none: teams.length
          ? `No environment of ${teams.join(
              ', ',
            )} exists, so nothing is charged.`
          : `${entityRef} is not owned by a group, so it has no team environments.`,
      })
    : {
        scopes: [],
        unavailable: new UnavailableClusters(),
        notes: [
          `${entityRef} has no backstage.io/kubernetes-id annotation, so no cost can be attributed to it. Add the annotation and label its workloads with it.`,
        ],
      };
  const present = await scopeReports(
    context,
    scopes,
    ['workload', 'environment'],
    { notes, unavailable },
    input => objectsOf(input, kubernetesId),
  );
  const totals = totalsOf(context, present, notes);
  return {
    entityRef,
    ...(kubernetesId && { kubernetesId }),
    ...totals,
    byEnvironment: linesOf(present, 1),
    byWorkload: linesOf(present, 0),
    topDrivers: present
      .flatMap(p =>
        topDrivers(p.allocation, {
          monthStart: p.reports[0].monthStart,
          total: totals.monthToDate,
          environments: p.environments,
        }),
      )
      .sort((a, b) => b.monthToDate - a.monthToDate)
      .slice(0, 5),
    rightsizing: rightsizingOf(context, present),
    rightsizingDays: RIGHTSIZING_DAYS,
    ...unavailable.answer(),
  };
}

/** The pods, volumes and load balancers of an input labelled with the component's id. */
function objectsOf(input: CostInput, kubernetesId?: string): CostInput {
  const ofComponent = (labels?: Record<string, string>) =>
    labels?.[KUBERNETES_ID_ANNOTATION] === kubernetesId;
  return {
    cluster: input.cluster,
    pods: input.pods.filter(p => ofComponent(p.labels)),
    volumes: (input.volumes ?? []).filter(v => ofComponent(v.labels)),
    loadBalancers: (input.loadBalancers ?? []).filter(l =>
      ofComponent(l.labels),
    ),
    namespaceLabels: input.namespaceLabels,
  };
}

/** The containers whose requests should change, by their usage over the last days, largest saving first. */
function rightsizingOf(
  context: CostContext,
  present: ScopeReport[],
): RightsizingSuggestion[] {
  const suggestions = present.flatMap(p => {
    const prices = context.config.prices.get(p.cluster)!;
    const end = p.loaded.window.end;
    return suggestRequests(p.input.pods, prices, {
      start: end - RIGHTSIZING_DAYS * 86_400,
      end,
    })
      .filter(s => s.cpu.change !== 'keep' || s.memory.change !== 'keep')
      .map(
        (s): RightsizingSuggestion => ({
          ...s,
          cluster: p.cluster,
          environment: p.environments.get(s.namespace) ?? s.namespace,
        }),
      );
  });
  return suggestions.sort((a, b) => b.monthlySaving - a.monthlySaving);
}
