import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  ApplyEngine,
  DeployRepository,
  EnvironmentService,
  pavedBackendClientServiceRef,
  pavedClustersServiceRef,
  pavedGuardrailRulesServiceRef,
  pavedLimitsServiceRef,
  readGitPublishTarget,
  withCatalogTimeout,
} from '@paved/plugin-paved-node';
import { createKubernetesApplyAction } from './actions/apply';
import { createKubernetesRollbackAction } from './actions/rollback';
import { createRenderManifestsAction } from './actions/render';
import { createReadAppSpecAction } from './actions/catalog/readAppSpec';
import { createRegisterLocalAction } from './actions/catalog/registerLocal';
import { createRegisterUrlAction } from './actions/catalog/registerUrl';
import { createGitPublishAction } from './actions/git/publish';
import { createGitRepositoryAction } from './actions/git/repository';
import { createEnvironmentCloneAction } from './actions/environment/clone';
import { createEnvironmentCreateAction } from './actions/environment/create';
import { createEnvironmentDeleteAction } from './actions/environment/delete';
import { createEnvironmentGitOpsAction } from './actions/environment/gitops';

/**
 * Registers Paved's scaffolder actions: `kubernetes:apply`, `kubernetes:environment:create|clone|delete`,
 * `kubernetes:rollback`, `kubernetes:manifests:render`, `paved:app-spec:read`, `paved:git:repository`,
 * `paved:git:publish`, `paved:catalog:register-local` and `paved:catalog:register-url`.
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
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        clusters: pavedClustersServiceRef,
        limits: pavedLimitsServiceRef,
        guardrailRules: pavedGuardrailRulesServiceRef,
        paved: pavedBackendClientServiceRef,
      },
      async init({
        scaffolderActions,
        config,
        userInfo,
        auditor,
        permissions,
        auth,
        urlReader,
        discovery,
        catalog: anyTimeCatalog,
        clusters,
        limits,
        guardrailRules,
        paved,
      }) {
        // the actions' catalog calls fail naming the call when the catalog does not answer in time
        const catalog = withCatalogTimeout(anyTimeCatalog, limits);
        const engine = ApplyEngine.fromConfig(config, {
          clusters,
          rules: guardrailRules,
        });
        const environments = EnvironmentService.fromConfig(config, {
          clusters,
          engine,
        });
        const access = { permissions, paved };
        const deployRepository = DeployRepository.fromConfig(config);
        const gitTarget = readGitPublishTarget(config);
        scaffolderActions.addActions(
          createKubernetesApplyAction({
            engine,
            userInfo,
            auditor,
            clusters,
            deployRepository,
            ...access,
          }),
          createKubernetesRollbackAction({ userInfo, paved }),
          createRenderManifestsAction({
            defaults: {
              otlpEndpoint: config.getOptionalString(
                'paved.traces.otlpEndpoint',
              ),
            },
          }),
          createReadAppSpecAction(),
          createRegisterLocalAction({ catalog, config, auth, userInfo }),
          createRegisterUrlAction({
            catalog,
            config,
            auth,
            userInfo,
            urlReader,
          }),
          createGitRepositoryAction({ config, userInfo }),
          createGitPublishAction({ config, userInfo, discovery }),
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
          createEnvironmentGitOpsAction({
            userInfo,
            auditor,
            clusters,
            deployRepository,
            ...(gitTarget.mode === 'git'
              ? { gitBaseUrl: gitTarget.host.baseUrl }
              : {}),
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
