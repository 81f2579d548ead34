import { UnavailableCluster } from '@paved/plugin-paved-common';
import pLimit from 'p-limit';
import { withTimeout } from '../limits/withTimeout';
import { DEFAULT_PAVED_LIMITS, PavedLimits } from '../limits/readLimits';
import { ClusterCircuitBreaker } from './CircuitBreaker';
import { ClusterUnavailableError, classifyClusterFailure } from './unavailable';

/**
 * The settings of a {@link ClusterFanOut}, as `paved.limits.fanOut` gives them.
 *
 * @public
 */
export type ClusterFanOutLimits = PavedLimits['fanOut'];

/**
 * What a fan-out over clusters answered: the value of every item whose cluster took part, in the order of the
 * items, and the clusters that did not, with why.
 *
 * @public
 */
export interface ClusterFanOutResult<I, R> {
  results: Array<{ item: I; value: R }>;
  unavailable: UnavailableCluster[];
}

/**
 * Calls to several clusters for one answer (the entity views): each call to a cluster runs within the
 * per-cluster timeout and through that cluster's circuit breaker, at most `concurrency` at once. A cluster
 * that fails (times out, is unreachable, refuses Paved's credentials, or its breaker is open) leaves its part
 * out of the answer and is named in `unavailable`; the other clusters' parts are answered. One instance per
 * backend process (the cluster registry's), so the breakers see every request.
 *
 * @public
 */
export class ClusterFanOut {
  private constructor(
    private readonly limits: ClusterFanOutLimits,
    /** The breakers of the clusters, one per cluster. */
    readonly breaker: ClusterCircuitBreaker,
    private readonly now: () => number,
  ) {}

  /** A fan-out with `limits` (default {@link DEFAULT_PAVED_LIMITS}'s `fanOut`); `now` is the breakers' clock. */
  static create(
    limits: ClusterFanOutLimits = DEFAULT_PAVED_LIMITS.fanOut,
    options: { now?: () => number } = {},
  ): ClusterFanOut {
    return new ClusterFanOut(
      limits,
      new ClusterCircuitBreaker({
        failureThreshold: limits.breakerFailures,
        cooldownMs: limits.breakerCooldownMs,
        now: options.now,
      }),
      options.now ?? Date.now,
    );
  }

  /**
   * Runs `fn` against `cluster` through its breaker and within the per-cluster timeout. A failure of the
   * cluster is thrown as a {@link ClusterUnavailableError} naming it and why; any other error (the cluster
   * answered, e.g. the user may not read a namespace) is thrown as it is and counts as an answer.
   */
  async call<T>(cluster: string, fn: () => Promise<T>): Promise<T> {
    const decision = this.breaker.acquire(cluster);
    if (!decision.allowed) {
      const seconds = Math.max(
        1,
        Math.ceil((decision.retryAt - this.now()) / 1000),
      );
      const last = this.breaker.state(cluster).lastError;
      throw new ClusterUnavailableError({
        cluster,
        kind: 'circuit-open',
        reason:
          `cluster ${cluster} failed ${decision.failures} time(s) in a row${
            last ? ` (last: ${last})` : ''
          }; Paved does not ask it again for about ${seconds} s ` +
          `(paved.limits.fanOut.breakerCooldownMs)`,
      });
    }
    try {
      const value = await withTimeout(
        fn(),
        this.limits.clusterTimeoutMs,
        () =>
          `cluster "${cluster}" did not answer within ${this.limits.clusterTimeoutMs} ms (paved.limits.fanOut.clusterTimeoutMs)`,
      );
      this.breaker.success(cluster);
      return value;
    } catch (error) {
      const unavailable = classifyClusterFailure(cluster, error);
      if (!unavailable) {
        this.breaker.success(cluster);
        throw error;
      }
      this.breaker.failure(cluster, error);
      throw new ClusterUnavailableError(unavailable, error);
    }
  }

  /**
   * Maps `items` (each belonging to the cluster `clusterOf` names) with {@link ClusterFanOut.call}, at most
   * `concurrency` at once. Once a cluster has failed, its remaining items are left out without asking it
   * again; errors that are not a cluster's failure reject the whole map.
   */
  async map<I, R>(
    items: readonly I[],
    clusterOf: (item: I) => string,
    fn: (item: I) => Promise<R>,
  ): Promise<ClusterFanOutResult<I, R>> {
    const run = pLimit(this.limits.concurrency);
    const failed = new Map<string, UnavailableCluster>();
    const settled = await Promise.all(
      items.map(item =>
        run(async (): Promise<{ item: I; value: R } | undefined> => {
          const cluster = clusterOf(item);
          if (failed.has(cluster)) return undefined;
          try {
            return { item, value: await this.call(cluster, () => fn(item)) };
          } catch (error) {
            if (!(error instanceof ClusterUnavailableError)) {
              run.clearQueue();
              throw error;
            }
            if (!failed.has(cluster)) failed.set(cluster, error.unavailable);
            return undefined;
          }
        }),
      ),
    );
    return {
      results: settled.filter(
        (r): r is { item: I; value: R } => r !== undefined,
      ),
      unavailable: [...failed.values()],
    };
  }
}
