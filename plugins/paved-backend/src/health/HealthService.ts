import { Entity } from '@backstage/catalog-model';
import {
  EntityDiagnosis,
  EntityHealth,
  EnvironmentHealth,
  EnvironmentSummary,
} from '@paved/plugin-paved-common';
import { ClusterIdentity } from '@paved/plugin-paved-node';
import { CostService } from '../cost/CostService';
import { DiagnosesService } from '../diagnoses/DiagnosesService';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { signalWindow } from '../metrics/goldenSignalQueries';
import { MetricsService } from '../metrics/MetricsService';
import { environmentKey } from '../metrics/periodComparison';
import { OverviewService } from '../overview/OverviewService';
import { revisionScope } from '../revisions/RevisionService';
import { RevisionStore } from '../revisions/RevisionStore';
import { LastChanges, lastChanges } from './lastChanges';
import { mostTellingFirst, rolloutOf } from './rollout';
import { costNotices, metricNotices, readPart } from './notices';

/** The health query: the golden signals' window, optionally one environment (its name or namespace). */
export interface HealthQuery {
  range: string;
  start?: number;
  end?: number;
  environment?: string;
}

/** Which parts besides the platform details the caller may read (`paved.entity.metrics.read`, `.cost.read`). */
export interface HealthParts {
  metrics: boolean;
  cost: boolean;
}

/**
 * Each environment of an entity at a glance: the rollout and replicas of its workloads (the overview's), its
 * open diagnoses, the last change Paved recorded there, and — for callers who may read them — error ratio
 * and p95 latency over a window compared with the period before, and the month-to-date cost. A part that
 * cannot be read (Prometheus down, cost not configured, the revisions' database) is left out of the lines
 * and named in `notices`; clusters that cannot be read are named in `unavailableClusters`.
 */
export class HealthService {
  constructor(
    private readonly deps: {
      overview: OverviewService;
      diagnoses: DiagnosesService;
      metrics: MetricsService;
      cost: CostService;
      /** Where the last changes are read; none when absent. */
      revisions?: RevisionStore;
      /** Milliseconds since the epoch; `Date.now` unless given. */
      now?: () => number;
    },
  ) {}

  /** The health of `entity`'s environments as `identity` sees them, with the parts `parts` allows. */
  async health(
    entity: Entity,
    identity: ClusterIdentity,
    query: HealthQuery,
    parts: HealthParts,
  ): Promise<EntityHealth> {
    // a window ending now is aligned, so that the comparisons of the next seconds are the same (and kept)
    const seconds = Math.floor((this.deps.now ?? Date.now)() / 1000);
    const now = seconds - (seconds % MetricsService.COMPARISON_SECONDS);
    const { start, end } = signalWindow(query, now);
    const [overview, found] = await Promise.all([
      this.deps.overview.overview(entity, identity),
      this.deps.diagnoses.diagnoses(entity, identity),
    ]);
    const unavailable = new UnavailableClusters();
    unavailable.add(
      ...(overview.unavailableClusters ?? []),
      ...(found.unavailableClusters ?? []),
    );
    const notices = overview.clusters.flatMap(c =>
      c.reachable && c.error ? [c.error] : [],
    );
    const environments = overview.environments.filter(
      e =>
        !query.environment ||
        e.environment === query.environment ||
        e.namespace === query.environment,
    );
    const workloadsOf = (e: EnvironmentSummary) =>
      overview.workloads.filter(
        w => w.cluster === e.cluster && w.namespace === e.namespace,
      );
    // metrics only where the user read the entity's workloads, as the golden signals show them
    const running = environments.filter(e => workloadsOf(e).length > 0);
    const [signals, cost, changes] = await Promise.all([
      parts.metrics
        ? readPart('Error ratio and latency', notices, () =>
            this.deps.metrics.periodComparison(entity, running, { start, end }),
          )
        : undefined,
      parts.cost &&
      environments.length > 0 &&
      entity.kind.toLowerCase() === 'component'
        ? readPart('The cost', notices, () =>
            this.deps.cost.componentCost(entity, identity),
          )
        : undefined,
      this.lastChanges(entity, environments, notices),
    ]);
    if (signals) notices.push(...metricNotices(signals));
    if (cost) notices.push(...costNotices(cost));
    const lines = environments.map((e): EnvironmentHealth => {
      const key = environmentKey(e);
      const diagnoses = mostTellingFirst(
        found.diagnoses.filter(
          d => d.cluster === e.cluster && d.namespace === e.namespace,
        ),
      );
      const compared = signals?.byEnvironment.get(key);
      const lastChange = changes?.get(key);
      const costLine = cost?.byEnvironment.find(
        l => l.cluster === e.cluster && l.namespace === e.namespace,
      );
      return {
        cluster: e.cluster,
        namespace: e.namespace,
        environment: e.environment,
        protected: e.protected,
        ...rolloutOf(workloadsOf(e), diagnoses),
        ...(compared && compared),
        diagnoses: diagnoses.length,
        ...(diagnoses[0] && { topDiagnosis: topOf(diagnoses[0]) }),
        ...(lastChange && { lastChange }),
        ...(cost &&
          costLine && {
            monthToDateCost: {
              amount: costLine.total,
              currency: cost.currency,
            },
          }),
      };
    });
    return {
      window: { start, end },
      environments: lines,
      ...(notices.length > 0 ? { notices: [...new Set(notices)] } : {}),
      ...unavailable.answer(),
    };
  }

  private async lastChanges(
    entity: Entity,
    environments: EnvironmentSummary[],
    notices: string[],
  ): Promise<LastChanges | undefined> {
    const store = this.deps.revisions;
    if (!store || environments.length === 0) return undefined;
    return readPart('The last changes', notices, () =>
      lastChanges(store, environments, revisionScope(entity).component),
    );
  }
}

/** The kind, object and cause of a diagnosis: what the health line shows of it. */
function topOf(d: EntityDiagnosis): EnvironmentHealth['topDiagnosis'] {
  return { kind: d.kind, object: d.object, cause: d.cause };
}
