import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ClusterRegistry } from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './actions/apply';

/**
 * Registers Paved's scaffolder actions.
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
      },
      async init({ scaffolderActions, config, logger, userInfo }) {
        const clusters = ClusterRegistry.fromConfig(config, { logger });
        scaffolderActions.addActions(
          createKubernetesApplyAction({ clusters, userInfo }),
        );
      },
    });
  },
});
