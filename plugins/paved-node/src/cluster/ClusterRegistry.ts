import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { KubernetesClient, KubernetesClientLimits } from './KubernetesClient';
import { DEFAULT_PAVED_LIMITS, PavedLimits } from '../limits/readLimits';
import { ClusterFanOut } from './ClusterFanOut';
import { PavedAuthStrategy } from './auth/types';
import { builtInAuthStrategies } from './auth/builtInStrategies';
import { ClusterIdentity, PavedCluster } from './types';

/**
 * The clusters Paved works on, and a client per cluster authenticated by the cluster's auth strategy. Every
 * other Paved component reaches Kubernetes through this registry; a backend shares one instance through
 * `pavedClustersServiceRef`.
 *
 * @public
 */
export class ClusterRegistry {
  private readonly clients = new Map<string, Promise<KubernetesClient>>();

  private constructor(
    private readonly clusters: PavedCluster[],
    private readonly limits: KubernetesClientLimits,
    private readonly strategies: Map<string, PavedAuthStrategy>,
    /**
     * Reads of several clusters for one answer: bounded concurrency, a per-cluster timeout and a circuit
     * breaker per cluster (`paved.limits.fanOut`), shared by every request of this backend.
     */
    readonly fanOut: ClusterFanOut,
  ) {}

  /**
   * A registry over `clusters`, each authenticated by the strategy its `authProvider` names: the built-in
   * `serviceAccount` and `oidc`, or one of `strategies` (which may replace a built-in of the same name).
   *
   * @throws InputError when a cluster names an unknown strategy or its settings do not suit the strategy.
   */
  static create(options: {
    clusters: PavedCluster[];
    /** Connections and timeouts of the clients, and the fan-out's settings (`fanOut`, default when absent). */
    limits?: KubernetesClientLimits & Partial<Pick<PavedLimits, 'fanOut'>>;
    strategies?: PavedAuthStrategy[];
    logger?: LoggerService;
  }): ClusterRegistry {
    const strategies = new Map(
      [...builtInAuthStrategies(), ...(options.strategies ?? [])].map(s => [
        s.name,
        s,
      ]),
    );
    const problems = options.clusters.flatMap(cluster => {
      const name = cluster.authProvider ?? 'serviceAccount';
      const strategy = strategies.get(name);
      if (!strategy) {
        return [
          `kubernetes cluster "${cluster.name}" uses authProvider "${name}", which Paved cannot use on its own; ` +
            `give Paved a token under paved.clusters (name: ${cluster.name}, serviceAccountToken: ...), or add an ` +
            `auth strategy named "${name}" (pavedAuthStrategiesServiceRef); known: ${[
              ...strategies.keys(),
            ].join(', ')}`,
        ];
      }
      return strategy.validateCluster?.(cluster) ?? [];
    });
    if (problems.length > 0) throw new InputError(problems.join('\n'));
    options.logger?.info(
      `Paved clusters: ${
        options.clusters
          .map(c => `${c.name} (${c.authProvider ?? 'serviceAccount'})`)
          .join(', ') || 'none'
      }`,
    );
    return new ClusterRegistry(
      options.clusters,
      options.limits ?? DEFAULT_PAVED_LIMITS,
      strategies,
      ClusterFanOut.create(
        options.limits?.fanOut ?? DEFAULT_PAVED_LIMITS.fanOut,
      ),
    );
  }

  /** A registry over the given clusters, for tests and tools; `limits` default to {@link DEFAULT_PAVED_LIMITS}. */
  static fromClusters(
    clusters: PavedCluster[],
    limits: KubernetesClientLimits &
      Partial<Pick<PavedLimits, 'fanOut'>> = DEFAULT_PAVED_LIMITS,
  ): ClusterRegistry {
    return ClusterRegistry.create({ clusters, limits });
  }

  /** Every configured cluster. */
  list(): PavedCluster[] {
    return [...this.clusters];
  }

  /** The client of one cluster, acting as `identity` where the cluster impersonates. */
  async client(
    clusterName: string,
    identity?: ClusterIdentity,
  ): Promise<KubernetesClient> {
    const cluster = this.clusters.find(c => c.name === clusterName);
    if (!cluster) {
      throw new NotFoundError(
        `No cluster named "${clusterName}"; configured clusters: ${
          this.clusters.map(c => c.name).join(', ') || 'none'
        }`,
      );
    }
    let client = this.clients.get(clusterName);
    if (!client) {
      const strategy = this.strategies.get(
        cluster.authProvider ?? 'serviceAccount',
      )!;
      client = KubernetesClient.create(cluster, undefined, this.limits, () =>
        strategy.getCredential(cluster),
      );
      this.clients.set(clusterName, client);
    }
    return (await client).withIdentity(identity);
  }
}
