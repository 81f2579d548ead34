import { GOLDEN_SIGNALS, GoldenSignal } from '@paved/plugin-paved-common';
import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  PrometheusClient,
  fillQuery,
  mapWithConcurrency,
} from '@paved/plugin-paved-node';
import { ENVIRONMENT_CONCURRENCY } from '../entity/entityEnvironments';

/**
 * The golden signals, each a PromQL template. `$namespaces` is filled with all the entity's namespaces of a
 * cluster as a regular-expression alternation (`a|b|c`), so each signal is one query grouped
 * `by (namespace)` however many environments there are; `$service` is the entity's kubernetes-id and
 * `$window` the rate window. A configured template may instead use `$namespace` (one namespace): it is then
 * run once per environment.
 */
export const DEFAULT_QUERIES: Record<GoldenSignal, string> = {
  requestRate:
    'sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service"}[$window]))',
  errorRatio:
    'sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service",code=~"5.."}[$window])) / sum by (namespace) (rate(http_requests_total{namespace=~"$namespaces",service="$service"}[$window]))',
  p50: 'histogram_quantile(0.5, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
  p95: 'histogram_quantile(0.95, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
  p99: 'histogram_quantile(0.99, sum by (le, namespace) (rate(http_request_duration_seconds_bucket{namespace=~"$namespaces",service="$service"}[$window])))',
};

/** The PromQL template of every signal. */
export type SignalQueries = Record<GoldenSignal, string>;

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
/** The PromQL template of each signal: `paved.metrics.queries.<signal>` where set, else the default. */
export function signalQueries(config: RootConfigService): SignalQueries {
  const custom = config.getOptionalConfig('paved.metrics.queries');
  const queries = { ...DEFAULT_QUERIES };
  for (const key of GOLDEN_SIGNALS) {
    queries[key] = custom?.getOptionalString(key) ?? DEFAULT_QUERIES[key];
  }
  return queries;
}

/** Every signal's points by namespace: one query per signal, or one per namespace for `$namespace` templates. */
export async function querySignals(
  prometheus: PrometheusClient,
  queries: SignalQueries,
  namespaces: string[],
  values: { service: string; window: string },
  window: { start: number; end: number; step: number },
): Promise<Map<GoldenSignal, Map<string, Array<[number, number]>>>> {
  const found = await Promise.all(
    GOLDEN_SIGNALS.map(async signal => {
      const template = queries[signal];
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
