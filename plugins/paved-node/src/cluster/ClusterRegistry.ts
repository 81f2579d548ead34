import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { KubernetesClient, KubernetesClientLimits } from './KubernetesClient';
import { DEFAULT_PAVED_LIMITS, readPavedLimits } from '../limits/readLimits';
import { readPavedClusters } from './readClusters';
import { ClusterIdentity, PavedCluster } from './types';

/**
 * The clusters Paved works on, and a client per cluster. Every other Paved component reaches Kubernetes
 * through this registry.
 *
 * @public
 */
export class ClusterRegistry {
  private readonly clients = new Map<string, Promise<KubernetesClient>>();

  private constructor(
    private readonly clusters: PavedCluster[],
    private readonly limits: KubernetesClientLimits,
  ) {}

  /** Reads clusters from `kubernetes.clusterLocatorMethods` and `paved.clusters`. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): ClusterRegistry {
    const { clusters, skipped, warnings } = readPavedClusters(config);
    for (const warning of warnings) options.logger.warn(warning);
    for (const entry of skipped) {
      options.logger.warn(
        `Paved ignores ${entry}: only clusters of type "config" are supported`,
      );
    }
    options.logger.info(
      `Paved clusters: ${clusters.map(c => c.name).join(', ') || 'none'}`,
    );
    return new ClusterRegistry(clusters, readPavedLimits(config));
  }

  /** A registry over the given clusters, for tests and tools; `limits` default to {@link DEFAULT_PAVED_LIMITS}. */
  static fromClusters(
    clusters: PavedCluster[],
    limits: KubernetesClientLimits = DEFAULT_PAVED_LIMITS,
  ): ClusterRegistry {
    return new ClusterRegistry(clusters, limits);
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
      client = KubernetesClient.create(cluster, undefined, this.limits);
      this.clients.set(clusterName, client);
    }
    return (await client).withIdentity(identity);
  }
}
