/**
 * Why one cluster's part is missing from an answer that reads several clusters:
 * `timeout` (it did not answer within the per-cluster timeout), `unreachable` (no connection, or the API
 * server answered with a server error), `forbidden` (the cluster refused Paved's own credentials),
 * `circuit-open` (it failed repeatedly just before, so Paved does not ask it again until a cool-down has
 * passed), `prometheus-unreachable` (the cluster's Prometheus did not answer; only metrics and cost),
 * `trace-store-unreachable` (the cluster's trace store did not answer; only traces).
 *
 * @public
 */
export type UnavailableClusterKind =
  | 'timeout'
  | 'unreachable'
  | 'forbidden'
  | 'circuit-open'
  | 'prometheus-unreachable'
  | 'trace-store-unreachable';

/**
 * A cluster whose part of an answer is missing, and why, in words that name the cluster and the fix.
 *
 * @public
 */
export interface UnavailableCluster {
  cluster: string;
  kind: UnavailableClusterKind;
  reason: string;
}

/**
 * What an answer built from several clusters adds when some of them could not be read: the answer holds the
 * other clusters' data, and `unavailableClusters` names those missing (absent when none is).
 *
 * @public
 */
export interface PartialClusterAnswer {
  unavailableClusters?: UnavailableCluster[];
}
