import {
  EntityPodUsage,
  GOLDEN_SIGNALS,
  GoldenSignals,
  PartialClusterAnswer,
  SignalSeries,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  PavedLimits,
  PrometheusClient,
  PromiseCache,
  clusterPrometheusClients,
  hasMatchingPod,
  podUsage,
  prometheusUnavailable,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import {
  entityEnvironments,
  forEachEnvironment,
  readEntityObjects,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import {
  SignalQueries,
  querySignals,
  signalQueries,
  signalWindow,
  toValues,
} from './goldenSignalQueries';
import { SignalComparisons, compareSignals } from './periodComparison';

/**
 * Current pod usage from `metrics.k8s.io` (read as the user) and golden signals from Prometheus, with the
 * queries defined here and in config; the browser only names the entity, an environment and a range.
 */
export class MetricsService {
  /**
   * Period comparisons are kept this long: windows are aligned to this many seconds, so the health lines of
   * the users of one component in that time ask Prometheus once (an hour's rate of a histogram is not cheap).
   */
  static readonly COMPARISON_SECONDS = 30;
  private readonly comparisons = new PromiseCache<SignalComparisons>(
    MetricsService.COMPARISON_SECONDS * 1000,
  );

  /**
   * A preset range ends on a multiple of this many seconds (the scrape interval), and its signals are kept
   * until the next one: the users of one component in that time ask Prometheus once, not once each.
   */
  static readonly SIGNALS_ALIGN_SECONDS = 15;
  private readonly signals = new PromiseCache<
    Awaited<ReturnType<typeof querySignals>>
  >(MetricsService.SIGNALS_ALIGN_SECONDS * 1000);

  private constructor(
    private readonly clusters: ClusterRegistry,
    private readonly prometheus: Map<string, PrometheusClient>,
    private readonly queries: SignalQueries,
  ) {}

  /** The Prometheus of each registry cluster that has a `prometheusUrl`, and the signals' queries from config. */
  static fromConfig(
    config: RootConfigService,
    deps: { clusters: ClusterRegistry; limits: PavedLimits },
  ): MetricsService {
    const prometheus = clusterPrometheusClients(deps.clusters.list(), {
      timeoutMs: deps.limits.timeouts.prometheusMs,
    });
    return new MetricsService(deps.clusters, prometheus, signalQueries(config));
  }

  /** Current CPU and memory of the entity's pods, per environment; clusters not read are named. */
  async current(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<{ pods: EntityPodUsage[] } & PartialClusterAnswer> {
    const unavailable = new UnavailableClusters();
    const pods = await readEntityObjects(
      this.clusters,
      entity,
      identity,
      podUsage,
      unavailable,
    );
    return { pods, ...unavailable.answer() };
  }

  /**
   * Request rate, error ratio and latency percentiles of the entity in those of its teams' environments the
   * user may read where it runs (a pod of it is there) or ran (Prometheus has a series of it in the range),
   * over the preset `range` ending now (at the last multiple of {@link MetricsService.SIGNALS_ALIGN_SECONDS}) or
   * the custom window `start`..`end` ({@link signalWindow}):
   * one Prometheus query per signal and cluster covering all of those namespaces, run while the pods are
   * looked at (one `limit=1` list per environment, as the user). A cluster whose API server or Prometheus
   * cannot be read is named in `unavailableClusters` and its environments have no series.
   */
  async goldenSignals(
    entity: Entity,
    identity: ClusterIdentity,
    options: {
      range: string;
      start?: number;
      end?: number;
      environment?: string;
      now?: number;
    },
  ): Promise<GoldenSignals> {
    const scope = entityScope(entity);
    if (!scope.kubernetesId || !scope.selector) {
      throw new InputError(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so it has no metrics`,
      );
    }
    const align = MetricsService.SIGNALS_ALIGN_SECONDS;
    const window = signalWindow(
      options,
      Math.floor((options.now ?? Date.now()) / 1000 / align) * align,
    );
    const unavailable = new UnavailableClusters();
    const environments = (
      await entityEnvironments(this.clusters, {
        teams: scope.teams,
        identity,
        environment: options.environment,
        unavailable,
      })
    ).filter(e => this.prometheus.has(e.cluster));
    const clusters = [...new Set(environments.map(e => e.cluster))];
    const [readable, perCluster] = await Promise.all([
      forEachEnvironment(
        this.clusters,
        environments,
        async e => {
          const running = await hasMatchingPod(e.asUser, {
            namespace: e.env.namespace,
            labelSelector: scope.selector!,
            what: scope.entityRef,
          });
          return [{ ...e, running }];
        },
        { skip: skipDeniedOrGone, unavailable },
      ),
      Promise.all(
        clusters.map(async cluster => {
          const namespaces = environments
            .filter(e => e.cluster === cluster)
            .map(e => e.env.namespace)
            .sort();
          const key = JSON.stringify([
            cluster,
            scope.kubernetesId,
            namespaces,
            window,
          ]);
          try {
            return {
              cluster,
              found: await this.signals.get(key, () =>
                querySignals(
                  this.prometheus.get(cluster)!,
                  this.queries,
                  namespaces,
                  { service: scope.kubernetesId!, window: window.rate },
                  { start: window.start, end: window.end, step: window.step },
                ),
              ),
            };
          } catch (error) {
            // a Prometheus that is down or refuses leaves its cluster's signals out, not the answer
            if (!isErrorNamed(error, 'ServiceUnavailableError')) throw error;
            unavailable.add(prometheusUnavailable(cluster, error));
            return { cluster, found: undefined };
          }
        }),
      ),
    ]);
    const series: SignalSeries[] = [];
    for (const { cluster, env, running } of readable) {
      const found = perCluster.find(p => p.cluster === cluster)!.found;
      if (!found) continue;
      const ran = GOLDEN_SIGNALS.some(
        signal => (found.get(signal)?.get(env.namespace)?.length ?? 0) > 0,
      );
      if (!running && !ran) continue;
      for (const signal of GOLDEN_SIGNALS) {
        series.push({
          cluster,
          namespace: env.namespace,
          environment: env.environment,
          signal,
          ...toValues(
            found.get(signal)?.get(env.namespace) ?? [],
            window.step,
            window.start,
          ),
        });
      }
    }
    return { step: window.step, series, ...unavailable.answer() };
  }

  /**
   * The entity's error ratio and p95 latency in `places` (environments of its teams, e.g. those the overview
   * read) over `window` and over the same length before it ({@link compareSignals}); clusters without a
   * Prometheus and those whose Prometheus does not answer are named in the answer, not thrown. The same
   * comparison is kept for {@link MetricsService.COMPARISON_SECONDS}, a Prometheus that did not answer included
   * (a call that throws is not kept).
   */
  async periodComparison(
    entity: Entity,
    places: Array<{ cluster: string; namespace: string }>,
    window: { start: number; end: number },
  ): Promise<SignalComparisons> {
    const { kubernetesId } = entityScope(entity);
    if (!kubernetesId || places.length === 0) {
      return { byEnvironment: new Map(), unmonitored: [], unavailable: [] };
    }
    const key = JSON.stringify([
      kubernetesId,
      places.map(p => `${p.cluster}/${p.namespace}`).sort(),
      window.start,
      window.end,
    ]);
    return this.comparisons.get(key, () =>
      compareSignals(this.prometheus, this.queries, {
        service: kubernetesId,
        places,
        window,
      }),
    );
  }
}
