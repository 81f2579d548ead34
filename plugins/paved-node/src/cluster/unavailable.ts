import { ServiceUnavailableError } from '@backstage/errors';
import { UnavailableCluster, isErrorNamed } from '@paved/plugin-paved-common';
import { credentialsRefusedBy } from './errors';

/**
 * A cluster could not take part in a call that reads several clusters: an HTTP 503 whose message is the
 * `reason`, carrying the {@link @paved/plugin-paved-common#UnavailableCluster} an answer names it with.
 *
 * @public
 */
export class ClusterUnavailableError extends ServiceUnavailableError {
  constructor(readonly unavailable: UnavailableCluster, cause?: unknown) {
    super(unavailable.reason, cause as Error | undefined);
  }
}

const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Why `cluster` is missing from an answer, when `error` (from a call to that cluster) says the cluster itself
 * failed: it timed out, was unreachable or answered with a server error, or refused Paved's credentials.
 * Undefined for errors about the request (the user may not read a namespace, an object is gone, bad input),
 * which the cluster answered and which the caller handles as before.
 *
 * @public
 */
export function classifyClusterFailure(
  cluster: string,
  error: unknown,
): UnavailableCluster | undefined {
  if (error instanceof ClusterUnavailableError) return error.unavailable;
  if (credentialsRefusedBy(error) !== undefined) {
    return { cluster, kind: 'forbidden', reason: messageOf(error) };
  }
  if (!isErrorNamed(error, 'ServiceUnavailableError')) return undefined;
  const timedOut = (error as { statusCode?: number }).statusCode === 504;
  return {
    cluster,
    kind: timedOut ? 'timeout' : 'unreachable',
    reason: messageOf(error),
  };
}

/**
 * `cluster`'s traces are missing because its trace store failed: "Trace store of cluster X unreachable: …".
 *
 * @public
 */
export function traceStoreUnavailable(
  cluster: string,
  error: unknown,
): UnavailableCluster {
  return {
    cluster,
    kind: 'trace-store-unreachable',
    reason: `Trace store of cluster ${cluster} unreachable: ${messageOf(
      error,
    )}; traces of its environments are missing until it answers`,
  };
}

/**
 * `cluster`'s part is missing because its Prometheus failed: "Prometheus of cluster X unreachable: …".
 *
 * @public
 */
export function prometheusUnavailable(
  cluster: string,
  error: unknown,
): UnavailableCluster {
  return {
    cluster,
    kind: 'prometheus-unreachable',
    reason: `Prometheus of cluster ${cluster} unreachable: ${messageOf(
      error,
    )}; metrics and cost of its environments are missing until it answers`,
  };
}
