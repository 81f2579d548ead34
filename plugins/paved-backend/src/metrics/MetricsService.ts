import {
  EntityPodUsage,
  GOLDEN_SIGNALS,
  GoldenSignals,
  SignalSeries,
} from '@paved/plugin-paved-common';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  PavedLimits,
  PrometheusClient,
  clusterPrometheusClients,
  hasMatchingPod,
  podUsage,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import {
  entityEnvironments,
  forEachEnvironment,
  readEntityObjects,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';
import {
  RANGES,
  SignalQueries,
  querySignals,
  signalQueries,
  toValues,
} from './goldenSignalQueries';

/**
 * Current pod usage from `metrics.k8s.io` (read as the user) and golden signals from Prometheus, with the
 * queries defined here and in config; the browser only names the entity, an environment and a range.
 */
export class MetricsService {
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

  /** Current CPU and memory of the entity's pods, per environment. */
  async current(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<EntityPodUsage[]> {
    return readEntityObjects(this.clusters, entity, identity, podUsage);
  }

  /**
   * Request rate, error ratio and latency percentiles of the entity in those of its teams' environments the
   * user may read where it runs (a pod of it is there) or ran (Prometheus has a series of it in the range):
   * one Prometheus query per signal and cluster covering all of those namespaces, run while the pods are
   * looked at (one `limit=1` list per environment, as the user).
   */
  async goldenSignals(
    entity: Entity,
    identity: ClusterIdentity,
    options: { range: string; environment?: string; now?: number },
  ): Promise<GoldenSignals> {
    const scope = entityScope(entity);
    if (!scope.kubernetesId || !scope.selector) {
      throw new InputError(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so it has no metrics`,
      );
    }
    const range = RANGES[options.range];
    if (!range)
      throw new InputError(
        `range: use one of ${Object.keys(RANGES).join(', ')}`,
      );
    const end = Math.floor((options.now ?? Date.now()) / 1000);
    const window = { start: end - range.seconds, end, step: range.step };
    const environments = (
      await entityEnvironments(this.clusters, {
        teams: scope.teams,
        identity,
        environment: options.environment,
      })
    ).filter(e => this.prometheus.has(e.cluster));
    const clusters = [...new Set(environments.map(e => e.cluster))];
    const [readable, perCluster] = await Promise.all([
      forEachEnvironment(
        environments,
        async e => {
          const running = await hasMatchingPod(e.asUser, {
            namespace: e.env.namespace,
            labelSelector: scope.selector!,
            what: scope.entityRef,
          });
          return [{ ...e, running }];
        },
        { skip: skipDeniedOrGone },
      ),
      Promise.all(
        clusters.map(async cluster => ({
          cluster,
          found: await querySignals(
            this.prometheus.get(cluster)!,
            this.queries,
            environments
              .filter(e => e.cluster === cluster)
              .map(e => e.env.namespace),
            { service: scope.kubernetesId!, window: range.window },
            window,
          ),
        })),
      ),
    ]);
    const series: SignalSeries[] = [];
    for (const { cluster, env, running } of readable) {
      const found = perCluster.find(p => p.cluster === cluster)!.found;
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
            range.step,
            window.start,
          ),
        });
      }
    }
    return { step: range.step, series };
  }
}
