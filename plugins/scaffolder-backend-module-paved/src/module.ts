import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { ApplyEngine, ClusterRegistry } from '@paved/plugin-paved-node';
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
        auditor: coreServices.auditor,
      },
      async init({ scaffolderActions, config, logger, userInfo, auditor }) {
        const clusters = ClusterRegistry.fromConfig(config, { logger });
        const engine = ApplyEngine.fromConfig(config, { clusters });
        scaffolderActions.addActions(
          createKubernetesApplyAction({ engine, userInfo, auditor }),
        );
      },
    });
  },
});
