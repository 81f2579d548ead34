import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { pavedAuthStrategiesServiceRef } from './authStrategies';
import { pavedClusterSupplierServiceRef } from './clusterSupplier';
import { pavedLimitsServiceRef } from './limits';

/**
 * The one {@link ClusterRegistry} of the backend: the clusters of {@link pavedClusterSupplierServiceRef},
 * each authenticated by its strategy (built-in or from {@link pavedAuthStrategiesServiceRef}), with the
 * connection limits of `paved.limits`. The backend plugin, the scaffolder, Kubernetes and catalog modules
 * all depend on it, so config is parsed once and each cluster has one connection pool.
 *
 * @public
 */
export const pavedClustersServiceRef = createServiceRef<ClusterRegistry>({
  id: 'paved.clusters',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        logger: coreServices.rootLogger,
        supplier: pavedClusterSupplierServiceRef,
        strategies: pavedAuthStrategiesServiceRef,
        limits: pavedLimitsServiceRef,
      },
      factory: async ({ logger, supplier, strategies, limits }) =>
        ClusterRegistry.create({
          clusters: await supplier.getClusters(),
          strategies,
          limits,
          logger,
        }),
    }),
});
