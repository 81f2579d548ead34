import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { pavedClustersServiceRef } from '@paved/plugin-paved-node';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

/**
 * Catalog module that adds Paved environments to the catalog as Resource entities
 * (`spec.type: kubernetes-environment`), refreshed every minute by default
 * (`paved.environments.catalog.frequencyMinutes`).
 *
 * @public
 */
export const catalogModulePavedEnvironments = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'paved-environments',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        clusters: pavedClustersServiceRef,
      },
      async init({ catalog, config, logger, scheduler, clusters }) {
        const minutes =
          config.getOptionalNumber(
            'paved.environments.catalog.frequencyMinutes',
          ) ?? 1;
        catalog.addEntityProvider(
          new EnvironmentEntityProvider(
            clusters,
            scheduler.createScheduledTaskRunner({
              frequency: { minutes },
              timeout: { minutes: 2 },
            }),
            logger,
          ),
        );
      },
    });
  },
});
