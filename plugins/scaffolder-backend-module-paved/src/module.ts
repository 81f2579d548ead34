import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  ApplyEngine,
  ClusterRegistry,
  readPavedLimits,
  withCatalogTimeout,
  EnvironmentService,
} from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './actions/apply';
import { PavedBackendClient } from './paved/PavedBackendClient';
import { createRenderManifestsAction } from './actions/render';
import { createReadAppSpecAction } from './actions/catalog/readAppSpec';
import { createRegisterLocalAction } from './actions/catalog/registerLocal';
import { createEnvironmentCloneAction } from './actions/environment/clone';
import { createEnvironmentCreateAction } from './actions/environment/create';
import { createEnvironmentDeleteAction } from './actions/environment/delete';

/**
 * Registers Paved's scaffolder actions: `kubernetes:apply`, `kubernetes:environment:create|clone|delete`,
 * `kubernetes:manifests:render`, `paved:app-spec:read` and `paved:catalog:register-local`.
 *
 * @public
 */
export const scaffolderModulePaved = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'paved',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        scaffolderActions,
        config,
        logger,
        userInfo,
        auditor,
        permissions,
        discovery,
        auth,
        catalog: anyTimeCatalog,
      }) {
        const limits = readPavedLimits(config);
        // the actions' catalog calls fail naming the call when the catalog does not answer in time
        const catalog = withCatalogTimeout(anyTimeCatalog, limits);
        const clusters = ClusterRegistry.fromConfig(config, { logger });
        const engine = ApplyEngine.fromConfig(config, { clusters });
        const environments = EnvironmentService.fromConfig(config, {
          clusters,
          engine,
        });
        const paved = new PavedBackendClient(
          discovery,
          auth,
          logger,
          limits.timeouts.backendMs,
        );
        const access = { permissions, paved };
        scaffolderActions.addActions(
          createKubernetesApplyAction({
            engine,
            userInfo,
            auditor,
            clusters,
            ...access,
          }),
          createRenderManifestsAction(),
          createReadAppSpecAction(),
          createRegisterLocalAction({ catalog, config, auth, userInfo }),
          createEnvironmentCreateAction({
            environments,
            userInfo,
            catalog,
            auditor,
            ...access,
          }),
          createEnvironmentCloneAction({
            environments,
            userInfo,
            catalog,
            auditor,
            ...access,
          }),
          createEnvironmentDeleteAction({
            environments,
            userInfo,
            auditor,
            clusters,
            ...access,
          }),
        );
      },
    });
  },
});
