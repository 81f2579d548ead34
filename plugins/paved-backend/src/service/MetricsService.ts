import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  PodUsage,
  PrometheusClient,
  fillQuery,
  listEnvironments,
  podUsage,
} from '@paved/plugin-paved-node';
import { entityScope } from './entityScope';
import { entityEnvironments } from './entityEnvironments';

/** The golden signals, each a PromQL template with `$namespace`, `$service` and `$window` placeholders. */
export const DEFAULT_QUERIES = {
  requestRate:
    'sum(rate(http_requests_total{namespace="$namespace",service="$service"}[$window]))',
  errorRatio:
    'sum(rate(http_requests_total{namespace="$namespace",service="$service",code=~"5.."}[$window])) / sum(rate(http_requests_total{namespace="$namespace",service="$service"}[$window]))',
  p50: 'histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="$namespace",service="$service"}[$window])))',
  p95: 'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="$namespace",service="$service"}[$window])))',
  p99: 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="$namespace",service="$service"}[$window])))',
};

/** Time ranges the UI offers, with the step between points. */
export const RANGES: Record<
  string,
  { seconds: number; step: number; window: string }
> = {
  '15m': { seconds: 900, step: 15, window: '1m' },
  '1h': { seconds: 3600, step: 60, window: '2m' },
  '6h': { seconds: 21600, step: 300, window: '5m' },
  '24h': { seconds: 86400, step: 900, window: '15m' },
};

/** One golden signal in one environment. */
export interface SignalSeries {
  cluster: string;
  namespace: string;
  environment: string;
  signal: keyof typeof DEFAULT_QUERIES;
  points: Array<[number, number]>;
}

/**
 * Current pod usage from `metrics.k8s.io` (read as the user) and golden signals from Prometheus, with the
 * queries defined here and in config; the browser only names the entity, an environment and a range.
 */
export class MetricsService {
  private constructor(
    private readonly clusters: ClusterRegistry,
    private readonly prometheus: Map<string, PrometheusClient>,
    private readonly queries: typeof DEFAULT_QUERIES,
  ) {}

  static fromConfig(
    config: RootConfigService,
    clusters: ClusterRegistry,
  ): MetricsService {
    const prometheus = new Map<string, PrometheusClient>();
    for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
      const url = entry.getOptionalString('prometheusUrl');
      if (url)
        prometheus.set(entry.getString('name'), new PrometheusClient(url));
    }
    const custom = config.getOptionalConfig('paved.metrics.queries');
    const queries = { ...DEFAULT_QUERIES };
    for (const key of Object.keys(DEFAULT_QUERIES) as Array<
      keyof typeof DEFAULT_QUERIES
    >) {
      queries[key] = custom?.getOptionalString(key) ?? DEFAULT_QUERIES[key];
    }
    return new MetricsService(clusters, prometheus, queries);
  }

  /** Current CPU and memory of the entity's pods, per environment. */
  async current(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<
    Array<
      PodUsage & { cluster: string; namespace: string; environment: string }
    >
  > {
    const scope = entityScope(entity);
    if (!scope.selector) return [];
    const result: Array<
      PodUsage & { cluster: string; namespace: string; environment: string }
    > = [];
    for (const { cluster, env, asUser } of await entityEnvironments(
      this.clusters,
      {
        teams: scope.teams,
        identity,
      },
    )) {
      const usage = await podUsage(asUser, {
        namespace: env.namespace,
        labelSelector: scope.selector,
      }).catch(error => {
        if (error instanceof NotAllowedError) return [];
        throw error;
      });
      result.push(
        ...usage.map(u => ({
          ...u,
          cluster,
          namespace: env.namespace,
          environment: env.environment,
        })),
      );
    }
    return result;
  }

  /** Request rate, error ratio and latency percentiles of the entity in each of its environments. */
  async goldenSignals(
    entity: Entity,
    options: { range: string; environment?: string; now?: number },
  ): Promise<SignalSeries[]> {
    const scope = entityScope(entity);
    if (!scope.kubernetesId) {
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
    const series: SignalSeries[] = [];
    for (const cluster of this.clusters.list()) {
      const prometheus = this.prometheus.get(cluster.name);
      if (!prometheus) continue;
      const service = await this.clusters.client(cluster.name);
      const environments = (
        await listEnvironments(service, { teams: scope.teams })
      ).filter(
        env =>
          !options.environment ||
          env.environment === options.environment ||
          env.namespace === options.environment,
      );
      for (const env of environments) {
        const values = {
          namespace: env.namespace,
          service: scope.kubernetesId,
          window: range.window,
        };
        const results = await Promise.all(
          (
            Object.keys(this.queries) as Array<keyof typeof DEFAULT_QUERIES>
          ).map(async signal => {
            const found = await prometheus.queryRange(
              fillQuery(this.queries[signal], values),
              {
                start: end - range.seconds,
                end,
                step: range.step,
              },
            );
            return { signal, points: found[0]?.points ?? [] };
          }),
        );
        series.push(
          ...results.map(r => ({
            ...r,
            cluster: cluster.name,
            namespace: env.namespace,
            environment: env.environment,
          })),
        );
      }
    }
    return series;
  }
}
