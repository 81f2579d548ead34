import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { PAVED_LABELS, TeamCost } from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  findIdleEnvironments,
} from '@paved/plugin-paved-node';
import { CostContext } from './costContext';
import { totalsOf } from './costTotals';
import { linesOf, ScopeReport, scopeReports } from './scopeReports';
import { teamBudget } from './teamBudget';
import { IdleEnvironmentView } from './types';

/** Window in which an ephemeral environment without HTTP requests counts as idle. */
const IDLE_WINDOW_SECONDS = 86_400;

/**
 * A team's cost across its environments: month to date, projection, per environment and component, its
 * budget status and its idle ephemeral environments.
 */
export async function teamCost(
  context: CostContext,
  group: Entity,
  identity: ClusterIdentity,
): Promise<TeamCost> {
  const team = stringifyEntityRef(group);
  const { scopes, notes, unavailable } = await context.scopes.ofTeams(
    [team],
    identity,
    {
      none: `${team} has no environments, so nothing is charged.`,
    },
  );
  const present = await scopeReports(
    context,
    scopes,
    ['environment', 'component'],
    { notes, unavailable },
  );
  const idle = await Promise.all(
    present.map(p => idleEnvironments(context, p)),
  );
  const totals = totalsOf(context, present, notes);
  const budget = teamBudget(context.config.budgets, {
    ref: team,
    group,
    monthToDate: totals.breakdown,
    projected: totals.projected,
    currency: totals.currency,
  });
  return {
    entityRef: team,
    ...totals,
    byEnvironment: linesOf(present, 0),
    byComponent: linesOf(present, 1),
    ...(budget && { budget }),
    idleEnvironments: idle.flat().sort((a, b) => b.cost - a.cost),
    ...unavailable.answer(),
  };
}

/** The ephemeral environments of a scope that served no HTTP request in the last day, with their cost. */
async function idleEnvironments(
  context: CostContext,
  scope: ScopeReport,
): Promise<IdleEnvironmentView[]> {
  const ephemeral = scope.namespaces.filter(
    ns => scope.lifecycles.get(ns) === 'ephemeral',
  );
  if (ephemeral.length === 0) return [];
  const end = scope.loaded.window.end;
  const requests = await context.loader.httpRequests(scope.cluster, {
    namespaces: ephemeral,
    start: end - IDLE_WINDOW_SECONDS,
    end,
  });
  const costs = Object.fromEntries(
    scope.reports[0].groups.map(g => [g.key, g.total]),
  );
  const namespaceLabels = Object.fromEntries(
    ephemeral.map(ns => [
      ns,
      {
        ...scope.loaded.input.namespaceLabels?.[ns],
        [PAVED_LABELS.lifecycle]: 'ephemeral',
      },
    ]),
  );
  return findIdleEnvironments({ namespaceLabels, requests, costs }).map(
    idle => ({
      cluster: scope.cluster,
      namespace: idle.namespace,
      environment: scope.environments.get(idle.namespace) ?? idle.namespace,
      requests: idle.requests,
      cost: idle.cost ?? 0,
    }),
  );
}
