import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { readPavedClusters } from './readClusters';
import { PavedCluster } from './types';

/**
 * Where Paved's clusters come from.
 *
 * @public
 */
export interface PavedClusterSupplier {
  /** Every cluster Paved works on; read once when the backend starts. */
  getClusters(): Promise<PavedCluster[]>;
}

/**
 * The default cluster supplier: the clusters of `kubernetes.clusterLocatorMethods` (type `config`) refined
 * by `paved.clusters`, read once; skipped locators and clusters without impersonation are logged.
 *
 * @public
 */
export class ConfigClusterSupplier implements PavedClusterSupplier {
  private constructor(private readonly clusters: PavedCluster[]) {}

  /** Reads the clusters now, so that a config mistake stops the backend at startup. */
  static fromConfig(
    config: RootConfigService,
    options: { logger: LoggerService },
  ): ConfigClusterSupplier {
    const { clusters, skipped, warnings } = readPavedClusters(config);
    for (const warning of warnings) options.logger.warn(warning);
    for (const entry of skipped) {
      options.logger.warn(
        `Paved ignores ${entry}: only clusters of type "config" are supported`,
      );
    }
    return new ConfigClusterSupplier(clusters);
  }

  async getClusters(): Promise<PavedCluster[]> {
    return this.list();
  }

  /** The clusters read from config. */
  list(): PavedCluster[] {
    return [...this.clusters];
  }
}
