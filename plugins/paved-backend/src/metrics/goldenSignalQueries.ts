import { GOLDEN_SIGNALS, GoldenSignal } from '@paved/plugin-paved-common';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
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

/** Most points of a series over a custom window. */
export const MAX_WINDOW_POINTS = 120;

/**
 * Where a golden-signals query runs: from `start` to `end` (unix seconds) every `step` seconds, each point a
 * rate over `rate` (a PromQL duration).
 */
export interface SignalWindow {
  start: number;
  end: number;
  step: number;
  rate: string;
}

/**
 * The window of a golden-signals query: a custom `start`..`end` (both given), with a step giving at most
 * {@link MAX_WINDOW_POINTS} points — at least 15 s, a whole minute for windows over 2 hours — and each
 * point's rate over one step (at least a minute); otherwise the preset `range` (see {@link RANGES}) ending
 * at `now` (unix seconds).
 *
 * @throws InputError for a range that is not a preset.
 */
export function signalWindow(
  options: { range: string; start?: number; end?: number },
  now: number,
): SignalWindow {
  const { start, end } = options;
  if (start !== undefined && end !== undefined) {
    const seconds = end - start;
    let step = Math.max(15, Math.ceil(seconds / MAX_WINDOW_POINTS));
    if (seconds > 2 * 3600) step = Math.ceil(step / 60) * 60;
    return { start, end, step, rate: `${Math.max(60, step)}s` };
  }
  const range = RANGES[options.range];
  if (!range) {
    throw new InputError(`range: use one of ${Object.keys(RANGES).join(', ')}`);
  }
  return {
    start: now - range.seconds,
    end: now,
    step: range.step,
    rate: range.window,
  };
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
/** The PromQL template of each signal: `paved.metrics.queries.<signal>` where set, else the default. */
export function signalQueries(config: RootConfigService): SignalQueries {
  const custom = config.getOptionalConfig('paved.metrics.queries');
  const queries = { ...DEFAULT_QUERIES };
  for (const key of GOLDEN_SIGNALS) {
    queries[key] = custom?.getOptionalString(key) ?? DEFAULT_QUERIES[key];
  }
  return queries;
}

/**
 * The points of `signals` (every golden signal unless given) by namespace: one query per signal, or one per
 * namespace for `$namespace` templates.
 */
export async function querySignals(
  prometheus: PrometheusClient,
  queries: SignalQueries,
  namespaces: string[],
  values: { service: string; window: string },
  window: { start: number; end: number; step: number },
  signals: readonly GoldenSignal[] = GOLDEN_SIGNALS,
): Promise<Map<GoldenSignal, Map<string, Array<[number, number]>>>> {
  const found = await Promise.all(
    signals.map(async signal => {
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
