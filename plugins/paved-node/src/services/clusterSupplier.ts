import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  ConfigClusterSupplier,
  PavedClusterSupplier,
} from '../cluster/ConfigClusterSupplier';

/**
 * Where Paved's clusters come from; by default config (`kubernetes.clusterLocatorMethods` and
 * `paved.clusters`). An admin whose clusters live elsewhere (an inventory, a cloud API) replaces it with
 * `backend.add(createServiceFactory({ service: pavedClusterSupplierServiceRef, deps, factory }))`.
 *
 * It is a root service, not an extension point: the backend plugin, the scaffolder, Kubernetes and catalog
 * modules share one cluster registry, and a plugin's extension point only reaches that plugin's own
 * modules.
 *
 * @public
 */
export const pavedClusterSupplierServiceRef =
  createServiceRef<PavedClusterSupplier>({
    id: 'paved.cluster-supplier',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          config: coreServices.rootConfig,
          logger: coreServices.rootLogger,
        },
        factory: ({ config, logger }) =>
          ConfigClusterSupplier.fromConfig(config, { logger }),
      }),
  });
