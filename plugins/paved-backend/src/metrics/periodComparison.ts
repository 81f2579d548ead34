import {
  PeriodComparison,
  UnavailableCluster,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import {
  PrometheusClient,
  prometheusUnavailable,
} from '@paved/plugin-paved-node';
import { SignalQueries, querySignals } from './goldenSignalQueries';

/** One environment's error ratio and p95 latency over a window and over the same length before it. */
export interface SignalComparison {
  errorRatio: PeriodComparison;
  p95Seconds: PeriodComparison;
}

/**
 * What {@link compareSignals} found: the comparison per environment (keyed `cluster/namespace`), the clusters
 * without a Prometheus, and those whose Prometheus did not answer.
 */
export interface SignalComparisons {
  byEnvironment: Map<string, SignalComparison>;
  unmonitored: string[];
  unavailable: UnavailableCluster[];
}

/** The key of an environment in {@link SignalComparisons.byEnvironment}. */
export const environmentKey = (place: { cluster: string; namespace: string }) =>
  `${place.cluster}/${place.namespace}`;

/**
 * The error ratio and p95 latency of `service` in `places` over `window` and over the period of the same
 * length before it: the golden signals' own queries with the whole window as their rate window, evaluated
 * at `start` (the period before) and at `end` (the window) — one range query of two points per signal and
 * cluster. `null` where Prometheus has no value (no requests).
 */
export async function compareSignals(
  prometheus: Map<string, PrometheusClient>,
  queries: SignalQueries,
  request: {
    service: string;
    places: Array<{ cluster: string; namespace: string }>;
    window: { start: number; end: number };
  },
): Promise<SignalComparisons> {
  const { start, end } = request.window;
  const byCluster = new Map<string, string[]>();
  for (const place of request.places) {
    byCluster.set(place.cluster, [
      ...(byCluster.get(place.cluster) ?? []),
      place.namespace,
    ]);
  }
  const result: SignalComparisons = {
    byEnvironment: new Map(),
    unmonitored: [],
    unavailable: [],
  };
  await Promise.all(
    [...byCluster].map(async ([cluster, namespaces]) => {
      const client = prometheus.get(cluster);
      if (!client) {
        result.unmonitored.push(cluster);
        return;
      }
      let found;
      try {
        found = await querySignals(
          client,
          queries,
          namespaces,
          { service: request.service, window: `${end - start}s` },
          { start, end, step: end - start },
          ['errorRatio', 'p95'],
        );
      } catch (error) {
        if (!isErrorNamed(error, 'ServiceUnavailableError')) throw error;
        result.unavailable.push(prometheusUnavailable(cluster, error));
        return;
      }
      const at = (points: Array<[number, number]> | undefined, t: number) => {
        const value = points?.find(([time]) => time === t)?.[1];
        return value === undefined ? null : Number(value.toPrecision(5));
      };
      const compare = (points?: Array<[number, number]>) => ({
        now: at(points, end),
        previous: at(points, start),
      });
      for (const namespace of namespaces) {
        result.byEnvironment.set(environmentKey({ cluster, namespace }), {
          errorRatio: compare(found.get('errorRatio')?.get(namespace)),
          p95Seconds: compare(found.get('p95')?.get(namespace)),
        });
      }
    }),
  );
  result.unmonitored.sort();
  result.unavailable.sort((a, b) => a.cluster.localeCompare(b.cluster));
  return result;
}
