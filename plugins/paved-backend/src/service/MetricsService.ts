import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ClusterIdentity,
  ClusterRegistry,
  PodUsage,
  PrometheusClient,
  fillQuery,
  hasMatchingPod,
  podUsage,
  readPavedLimits,
} from '@paved/plugin-paved-node';
import { entityScope } from './entityScope';
import { entityEnvironments, forEachEnvironment } from './entityEnvironments';
import { ENVIRONMENT_CONCURRENCY, mapWithConcurrency } from './concurrency';

/**
 * The golden signals, each a PromQL template. `$namespaces` is filled with all the entity's namespaces of a
 * cluster as a regular-expression alternation (`a|b|c`), so each signal is one query grouped
 * `by (namespace)` however many environments there are; `$service` is the entity's kubernetes-id and
 * `$window` the rate window. A configured template may instead use `$namespace` (one namespace): it is then
 * run once per environment.
 */
export const DEFAULT_QUERIES = {
  requestRate:
    'sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service"}[$window]))',
  errorRatio:
    'sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service",code=~"5.."}[$window])) / sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service"}[$window]))',
  p50: 'histogram_quantile(0.5, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
  p95: 'histogram_quantile(0.95, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
  p99: 'histogram_quantile(0.99, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
};

type Signal = keyof typeof DEFAULT_QUERIES;
const SIGNALS = Object.keys(DEFAULT_QUERIES) as Signal[];

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

/**
 * One golden signal in one environment: the value at `start`, `start + step`, … (`null` where Prometheus
 * has no sample), rounded to 5 significant digits.
 */
export interface SignalSeries {
  cluster: string;
  namespace: string;
  environment: string;
  signal: Signal;
  /** Unix seconds of the first value (the range's start when there is none). */
  start: number;
  values: Array<number | null>;
}

/** The answer of the golden-signals endpoint: every series shares `step` (seconds). */
export interface GoldenSignals {
  step: number;
  series: SignalSeries[];
}

/** Points on a fixed step as values from the first point on, with `null` in the gaps. */
export function toValues(
  points: Array<[number, number]>,
  step: number,
  rangeStart: number,
): { start: number; values: Array<number | null> } {
  if (points.length === 0) return { start: rangeStart, values: [] };
  const start = points[0][0];
  const values: Array<number | null> = [];
  for (const [time, value] of points) {
    const index = Math.round((time - start) / step);
    while (values.length < index) values.push(null);
    values[index] = Number(value.toPrecision(5));
  }
  return { start, values };
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
    const timeoutMs = readPavedLimits(config).timeouts.prometheusMs;
    for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
      const url = entry.getOptionalString('prometheusUrl');
      if (url)
        prometheus.set(
          entry.getString('name'),
          new PrometheusClient(url, { timeoutMs }),
        );
    }
    const custom = config.getOptionalConfig('paved.metrics.queries');
    const queries = { ...DEFAULT_QUERIES };
    for (const key of SIGNALS) {
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
    const environments = await entityEnvironments(this.clusters, {
      teams: scope.teams,
      identity,
    });
    return forEachEnvironment(
      environments,
      async ({ cluster, env, asUser }) =>
        (
          await podUsage(asUser, {
            namespace: env.namespace,
            labelSelector: scope.selector!,
          })
        ).map(u => ({
          ...u,
          cluster,
          namespace: env.namespace,
          environment: env.environment,
        })),
      { skip: error => error instanceof NotAllowedError },
    );
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
        {
          skip: error =>
            error instanceof NotAllowedError || error instanceof NotFoundError,
        },
      ),
      Promise.all(
        clusters.map(async cluster => ({
          cluster,
          found: await this.querySignals(
            this.prometheus.get(cluster)!,
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
      const ran = SIGNALS.some(
        signal => (found.get(signal)?.get(env.namespace)?.length ?? 0) > 0,
      );
      if (!running && !ran) continue;
      for (const signal of SIGNALS) {
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

  /** Every signal's points by namespace: one query per signal, or one per namespace for `$namespace` templates. */
  private async querySignals(
    prometheus: PrometheusClient,
    namespaces: string[],
    values: { service: string; window: string },
    window: { start: number; end: number; step: number },
  ): Promise<Map<Signal, Map<string, Array<[number, number]>>>> {
    const found = await Promise.all(
      SIGNALS.map(async signal => {
        const template = this.queries[signal];
        const byNamespace = new Map<string, Array<[number, number]>>();
        if (template.includes('$namespaces')) {
          const result = await prometheus.queryRange(
            fillQuery(template, { ...values, namespaces }),
            window,
          );
          for (const r of result) {
            const namespace = r.labels.namespace;
            if (namespace && !byNamespace.has(namespace))
              byNamespace.set(namespace, r.points);
          }
        } else {
          await mapWithConcurrency(
            namespaces,
            ENVIRONMENT_CONCURRENCY,
            async namespace => {
              const result = await prometheus.queryRange(
                fillQuery(template, { ...values, namespace }),
                window,
              );
              byNamespace.set(namespace, result[0]?.points ?? []);
            },
          );
        }
        return [signal, byNamespace] as const;
      }),
    );
    return new Map(found);
  }
}
