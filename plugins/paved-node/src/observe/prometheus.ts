import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { isKubernetesName } from '@paved/plugin-paved-common';
import { UpstreamTimeoutError } from '../limits/errors';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { promqlRegexAlternation } from './promql';

/**
 * One series of a range query: its labels and `[unix seconds, value]` points.
 *
 * @public
 */
export interface PromSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/**
 * Fills `$name` placeholders of a PromQL template with label values. Only Kubernetes object names (DNS-1123
 * subdomains) and durations such as `5m` are accepted, so nothing a caller passes can change the query's
 * meaning. A list of values fills a placeholder with a regular-expression alternation for `=~` matchers
 * (`a|b|c`, every value escaped), so one query can cover several namespaces; the list must not be empty (an
 * empty alternation would match every series).
 *
 * @public
 */
export function fillQuery(
  template: string,
  values: Record<string, string | string[]>,
): string {
  const check = (name: string, value: string) => {
    if (!isKubernetesName(value, 'subdomain') && !/^\d+[smhd]$/.test(value)) {
      throw new InputError(
        `${name}: "${value}" cannot be used in a metrics query`,
      );
    }
    return value;
  };
  return template.replace(/\$([a-zA-Z]+)/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        throw new InputError(`${name}: no values to put in a metrics query`);
      }
      return promqlRegexAlternation(value.map(v => check(name, v)));
    }
    return check(name, value);
  });
}

/**
 * A small Prometheus HTTP API client for range queries. Every query must be answered within `timeoutMs`
 * (default `DEFAULT_PAVED_LIMITS.timeouts.prometheusMs`).
 *
 * @public
 */
export class PrometheusClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly baseUrl: string,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs =
      options.timeoutMs ?? DEFAULT_PAVED_LIMITS.timeouts.prometheusMs;
  }

  /** Runs a range query; `start`/`end` in unix seconds, `step` in seconds. */
  async queryRange(
    query: string,
    options: { start: number; end: number; step: number },
  ): Promise<PromSeries[]> {
    const params = new URLSearchParams({
      query,
      start: String(options.start),
      end: String(options.end),
      step: String(options.step),
    });
    const signal = AbortSignal.timeout(this.timeoutMs);
    const timedOut = () =>
      new UpstreamTimeoutError(
        `Prometheus at ${this.baseUrl} did not answer a range query within ${this.timeoutMs} ms (paved.limits.timeouts.prometheusMs)`,
      );
    let response: Response;
    try {
      response = await fetch(
        `${this.baseUrl.replace(/\/$/, '')}/api/v1/query_range?${params}`,
        { signal },
      );
    } catch (error) {
      if (signal.aborted) throw timedOut();
      throw new ServiceUnavailableError(
        `Prometheus at ${this.baseUrl} is unreachable (${
          (error as Error).message
        })`,
      );
    }
    const body = (await response.json().catch(() => {
      if (signal.aborted) throw timedOut();
      return {};
    })) as {
      status?: string;
      error?: string;
      data?: {
        result?: Array<{
          metric: Record<string, string>;
          values: Array<[number, string]>;
        }>;
      };
    };
    if (!response.ok || body.status !== 'success') {
      throw new ServiceUnavailableError(
        `Prometheus refused the query: ${body.error ?? response.statusText}`,
      );
    }
    return (body.data?.result ?? []).map(r => ({
      labels: r.metric,
      points: r.values
        .map(([t, v]) => [Number(t), Number(v)] as [number, number])
        .filter(([, v]) => Number.isFinite(v)),
    }));
  }
}
