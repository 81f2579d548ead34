import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * The bounds Paved keeps to, read from `paved.limits`: what one user, and all users together, may hold open,
 * how much a log read may carry, and how long every outbound call may take.
 *
 * @public
 */
export interface PavedLimits {
  follows: {
    /** Live log follows one user may have open at once. */
    perUser: number;
    /** Live log follows open at once on this backend, all users together. */
    global: number;
    /** Minutes a follow stays open before the backend ends it. */
    maxDurationMinutes: number;
    /** Bytes of log text one follow sends over its lifetime before the backend ends it. */
    maxBytes: number;
  };
  logs: {
    /** Bytes read of one container's log in one read (`limitBytes` of the pod log API). */
    readBytes: number;
    /** Bytes of log text in one answer of the logs endpoint, all containers together. */
    answerBytes: number;
  };
  traces: {
    /** Bytes of one answer of a trace store (a search or one trace) Paved reads before refusing it. */
    readBytes: number;
  };
  connections: {
    /** Connections per cluster for short calls (kept alive and reused). */
    requestSockets: number;
    /** Connections per cluster for long-lived streams (log follows), apart from the short calls' ones. */
    streamSockets: number;
  };
  timeouts: {
    /** Milliseconds a short call to a Kubernetes API server may take, from connecting to the last byte. */
    kubernetesMs: number;
    /**
     * Milliseconds from the first attempt of a Kubernetes call during which a passing failure (429, a 5xx of an
     * idempotent call, a refused connection) is retried with backoff.
     */
    kubernetesRetryMs: number;
    /** Milliseconds a long-lived stream (log follow) may take to connect to the API server (TCP and TLS). */
    kubernetesConnectMs: number;
    /** Milliseconds a Prometheus query may take. */
    prometheusMs: number;
    /** Milliseconds a call to a trace store (Jaeger's query API) may take. */
    jaegerMs: number;
    /** Milliseconds a call to the catalog may take. */
    catalogMs: number;
    /** Milliseconds a call of the scaffolder actions to the Paved backend (approval requests, audit) may take. */
    backendMs: number;
    /** Milliseconds sending a Backstage notification may take. */
    notificationsMs: number;
  };
  /** Reads that fan out to every cluster of a team's environments (the entity views). */
  fanOut: {
    /** Calls to clusters one request makes at once. */
    concurrency: number;
    /** Milliseconds one cluster's call may take before the answer goes on without that cluster. */
    clusterTimeoutMs: number;
    /** Consecutive failures of a cluster after which calls to it fail at once (its circuit breaker opens). */
    breakerFailures: number;
    /** Milliseconds an open breaker fails calls at once before one call probes the cluster again. */
    breakerCooldownMs: number;
  };
}

/**
 * The limits used when `paved.limits` says nothing.
 *
 * @public
 */
export const DEFAULT_PAVED_LIMITS: PavedLimits = {
  follows: {
    perUser: 3,
    global: 30,
    maxDurationMinutes: 60,
    maxBytes: 16 * 1024 * 1024,
  },
  logs: { readBytes: 1024 * 1024, answerBytes: 4 * 1024 * 1024 },
  traces: { readBytes: 8 * 1024 * 1024 },
  connections: { requestSockets: 32, streamSockets: 1000 },
  timeouts: {
    kubernetesMs: 15_000,
    kubernetesConnectMs: 10_000,
    kubernetesRetryMs: 15_000,
    prometheusMs: 15_000,
    jaegerMs: 10_000,
    catalogMs: 10_000,
    backendMs: 120_000,
    notificationsMs: 10_000,
  },
  fanOut: {
    concurrency: 6,
    clusterTimeoutMs: 10_000,
    breakerFailures: 3,
    breakerCooldownMs: 30_000,
  },
};

/**
 * Reads `paved.limits`, filling in {@link DEFAULT_PAVED_LIMITS}. Every value must be a positive whole number.
 *
 * @public
 */
export function readPavedLimits(config: Config): PavedLimits {
  const section = config.getOptionalConfig('paved.limits');
  const read = <G extends keyof PavedLimits>(group: G): PavedLimits[G] => {
    const defaults = DEFAULT_PAVED_LIMITS[group] as Record<string, number>;
    const values: Record<string, number> = {};
    for (const [key, fallback] of Object.entries(defaults)) {
      const value = section?.getOptionalNumber(`${group}.${key}`);
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new InputError(
          `paved.limits.${group}.${key} must be a whole number of at least 1, got ${value}; remove it to use the default ${fallback}`,
        );
      }
      values[key] = value ?? fallback;
    }
    return values as PavedLimits[G];
  };
  return {
    follows: read('follows'),
    logs: read('logs'),
    traces: read('traces'),
    connections: read('connections'),
    timeouts: read('timeouts'),
    fanOut: read('fanOut'),
  };
}
