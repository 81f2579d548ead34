import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';

/** The app-config key that lets this instance's catalog accept `file` locations. */
export const ALLOW_FILE_LOCATIONS_KEY = 'paved.localCatalog.allowFileLocations';

/**
 * Lets this instance's catalog accept `file` locations added at runtime, when `paved.localCatalog.allowFileLocations`
 * is true: the local default registers components scaffolded without a git host (`paved:catalog:register-local`)
 * from files on the backend's disk. Anyone allowed to create catalog locations could then register any file on
 * the backend host, so the setting is off unless the app's config turns it on.
 */
export const catalogModuleLocalFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-file-locations',
  register(env) {
    env.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ locations, config, logger }) {
        if (!config.getOptionalBoolean(ALLOW_FILE_LOCATIONS_KEY)) return;
        locations.setAllowedLocationTypes(['url', 'file']);
        logger.info(
          `Catalog accepts file locations (${ALLOW_FILE_LOCATIONS_KEY})`,
        );
      },
    });
  },
});
