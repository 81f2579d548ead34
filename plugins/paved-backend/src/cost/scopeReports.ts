import { CostLine } from '@paved/plugin-paved-common';
import {
  allocateCosts,
  AllocationResult,
  CostDimension,
  CostGroup,
  CostInput,
  CostReport,
  costReports,
} from '@paved/plugin-paved-node';
import { amountsOf } from './costAmounts';
import { CostContext } from './costContext';
import { LoadedCost } from './CostLoader';
import { TeamClusterScope } from './costScopes';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { prometheusUnavailable } from '@paved/plugin-paved-node';
import {
  monitoredShares,
  observedHours,
  observedSince,
  project,
  Projection,
  projectionOf,
} from './projection';

/** One cluster scope's charged input, allocated and reported by the dimensions a view asked for. */
export interface ScopeReport extends TeamClusterScope {
  loaded: LoadedCost;
  /** The part of the loaded input charged. */
  input: CostInput;
  allocation: AllocationResult;
  /** One report per dimension asked, in that order. */
  reports: CostReport[];
  /** When the charged pods are first seen running this month, unix seconds. */
  since: number;
  projection: Projection;
}

/**
 * Each cluster scope's allocation reported by the dimensions asked, with the history's start and the
 * projection (from the first report; the hours the history covers are those of the whole scope);
 * clusters without a Prometheus are left out, and so are those whose Prometheus does not answer (named in
 * `unavailable`, with a note saying their cost cannot be shown).
 */
export async function scopeReports(
  context: CostContext,
  scopes: TeamClusterScope[],
  dimensions: CostDimension[],
  { notes, unavailable }: { notes: string[]; unavailable: UnavailableClusters },
  /** The part of the loaded input to charge (a component's objects); all of it when absent. */
  select: (input: CostInput) => CostInput = input => input,
): Promise<ScopeReport[]> {
  const parts = await Promise.all(
    scopes.map(async (scope): Promise<ScopeReport | undefined> => {
      let loaded;
      try {
        loaded = await context.loader.load(scope, notes);
      } catch (error) {
        // a Prometheus that is down leaves its cluster's cost out of the answer, which says so
        if (!isErrorNamed(error, 'ServiceUnavailableError')) throw error;
        const missing = prometheusUnavailable(scope.cluster, error);
        unavailable.add(missing);
        notes.push(
          `The cost of ${scope.namespaces.join(', ')} on ${
            scope.cluster
          } cannot be shown: ${missing.reason}`,
        );
        return undefined;
      }
      if (!loaded) return undefined;
      const prices = context.config.prices.get(scope.cluster)!;
      const input = select(loaded.input);
      const allocation = allocateCosts(input, prices, loaded.window);
      const reports = costReports(allocation, dimensions);
      const [first] = reports;
      const since = observedSince(input.pods, first.monthStart, first.now);
      const hours = observedHours(
        monitoredShares(loaded.input.pods),
        since,
        first.now,
      );
      return {
        ...scope,
        loaded,
        input,
        allocation,
        reports,
        since,
        projection: projectionOf(first, hours),
      };
    }),
  );
  return parts.filter((p): p is ScopeReport => !!p);
}

/** The report at `index` of every scope as cost lines, most expensive first. */
export function linesOf(present: ScopeReport[], index: number): CostLine[] {
  return present
    .flatMap(p => p.reports[index].groups.map(g => lineOf(g, p)))
    .sort((a, b) => b.total - a.total);
}

/** A report group as a response line, with its scope's projection and environment names. */
export function lineOf(
  group: CostGroup,
  scope: Pick<ScopeReport, 'cluster' | 'projection' | 'environments'>,
): CostLine {
  const namespace =
    group.namespace ?? (scope.environments.has(group.key) ? group.key : '');
  return {
    key: `${scope.cluster}/${group.key}`,
    name: group.name,
    cluster: scope.cluster,
    ...(namespace && { namespace }),
    ...(namespace &&
      scope.environments.has(namespace) && {
        environment: scope.environments.get(namespace),
      }),
    ...amountsOf(group),
    projected: project(group, scope.projection),
    daily: group.daily,
  };
}
