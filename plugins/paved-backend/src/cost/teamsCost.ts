import { CostAmounts, CostTotals, TeamsCost } from '@paved/plugin-paved-common';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  allocateCosts,
  ClusterIdentity,
  CostPrices,
  CostReport,
  costReports,
  IDLE_GROUP,
  PodSamples,
  teamOf,
  UNALLOCATED_GROUP,
} from '@paved/plugin-paved-node';
import { addAmounts, amountsOf, zeroAmounts } from './costAmounts';
import { CostContext } from './costContext';
import { LoadedCost } from './CostLoader';
import { emptyTotals, sumTotals } from './costTotals';
import {
  monitoredShares,
  observedHours,
  observedSince,
  projectionOf,
  withProjections,
} from './projection';
import { teamBudget } from './teamBudget';
import { TeamCostSummary } from './types';

/** A team's month to date and projection, summed over the clusters. */
interface TeamAmounts {
  amounts: CostAmounts;
  projected: number;
}

/**
 * Every team's totals and budget status over the whole of every cluster (for platform admins and the
 * scheduled budget checks), with the cost no team owns (`unallocated`) and the unshared idle capacity. Every
 * Group of type `team` is listed, with no cost where it has none.
 */
export async function teamsCost(
  context: CostContext,
  groups: Entity[],
  /** Who lists volumes and load balancers; Paved itself when absent (scheduled budget checks). */
  identity?: ClusterIdentity,
): Promise<TeamsCost> {
  const notes: string[] = [];
  const perTeam = new Map<string, TeamAmounts>();
  let unallocated = 0;
  let idle = 0;
  const periods: CostTotals[] = [];
  for await (const scope of context.scopes.wholeClusters(identity, notes)) {
    const loaded = await context.loader.load(scope, notes);
    if (!loaded) continue;
    const { report, totals } = costByTeam(
      loaded,
      context.config.prices.get(scope.cluster)!,
    );
    periods.push(totals);
    for (const g of report.groups) {
      if (g.key === UNALLOCATED_GROUP) {
        unallocated += g.total;
      } else if (g.key === IDLE_GROUP) {
        idle += g.total;
      } else {
        const entry = perTeam.get(g.key) ?? {
          amounts: zeroAmounts(),
          projected: 0,
        };
        entry.amounts = addAmounts(entry.amounts, amountsOf(g));
        entry.projected += g.projected;
        perTeam.set(g.key, entry);
      }
    }
  }
  const period =
    periods[0] ?? emptyTotals(context.config.prices, context.now(), []);
  return {
    currency: period.currency,
    monthStart: period.monthStart,
    now: period.now,
    observedSince: period.observedSince,
    days: period.days,
    teams: teamSummaries(context, groups, perTeam, period.currency),
    unallocated,
    idle,
    notes: [...notes, ...periods.flatMap(p => p.notes)],
  };
}

/**
 * A cluster's cost by team, each team projected over the hours its own pods are observed, and the cluster's
 * totals.
 */
function costByTeam(
  loaded: LoadedCost,
  prices: CostPrices,
): { report: CostReport; totals: CostTotals } {
  const { pods } = loaded.input;
  const allocation = allocateCosts(loaded.input, prices, loaded.window);
  const [byTeam] = costReports(allocation, ['team']);
  const labels = loaded.input.namespaceLabels ?? {};
  const podsOf = new Map<string, PodSamples[]>();
  for (const pod of pods) {
    const key = teamOf(pod.namespace, labels) ?? UNALLOCATED_GROUP;
    podsOf.set(key, [...(podsOf.get(key) ?? []), pod]);
  }
  const shares = monitoredShares(pods);
  const sinceOf = (of: PodSamples[]) =>
    observedSince(of, byTeam.monthStart, byTeam.now);
  const projectionSince = (of: PodSamples[]) =>
    projectionOf(byTeam, observedHours(shares, sinceOf(of), byTeam.now));
  const report = withProjections(byTeam, g =>
    projectionSince(podsOf.get(g.key) ?? []),
  );
  const totals = sumTotals(
    [{ report, projection: projectionSince(pods), since: sinceOf(pods) }],
    [],
  );
  return { report, totals };
}

/**
 * One line per team with cost or of type `team`, titled from its group, with its budget status; most
 * expensive first.
 */
function teamSummaries(
  context: CostContext,
  groups: Entity[],
  perTeam: Map<string, TeamAmounts>,
  currency: string,
): TeamCostSummary[] {
  const byRef = new Map(groups.map(g => [stringifyEntityRef(g), g]));
  for (const [ref, group] of byRef) {
    if (group.spec?.type === 'team' && !perTeam.has(ref)) {
      perTeam.set(ref, { amounts: zeroAmounts(), projected: 0 });
    }
  }
  const teams = [...perTeam.entries()].map(([team, entry]): TeamCostSummary => {
    const group = byRef.get(team);
    const budget = teamBudget(context.config.budgets, {
      ref: team,
      group,
      monthToDate: entry.amounts,
      projected: entry.projected,
      currency,
    });
    const title = group && titleOf(group);
    return {
      team,
      ...(title && { title }),
      monthToDate: entry.amounts.total,
      projected: entry.projected,
      breakdown: entry.amounts,
      ...(budget && { budget }),
    };
  });
  return teams.sort(
    (a, b) => b.monthToDate - a.monthToDate || a.team.localeCompare(b.team),
  );
}

/** A group's display name, or its title. */
function titleOf(group: Entity): string | undefined {
  const profile = (
    group.spec as { profile?: { displayName?: string } } | undefined
  )?.profile;
  return profile?.displayName ?? group.metadata.title;
}
