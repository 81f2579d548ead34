import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  kubernetesObjectsProviderExtensionPoint,
  kubernetesRouterExtensionPoint,
} from '@backstage/plugin-kubernetes-node';
import {
  pavedClustersServiceRef,
  pavedLimitsServiceRef,
  withCatalogTimeout,
} from '@paved/plugin-paved-node';
import Router from 'express-promise-router';
import { NamespaceScope } from './NamespaceScope';
import { ScopedObjectsProvider } from './ScopedObjectsProvider';
import { createScopedProxyRouter } from './scopedProxy';

/**
 * Scopes Backstage's Kubernetes plugin to the environments each user may read, with the answer Paved gives:
 * entity objects only from the owning teams' environments, and the proxy reduced to reads of the caller's own
 * environments for everyone but platform admins.
 *
 * @public
 */
export const kubernetesModulePavedScope = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'paved-scope',
  register(reg) {
    reg.registerInit({
      deps: {
        objectsProviders: kubernetesObjectsProviderExtensionPoint,
        routers: kubernetesRouterExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        clusters: pavedClustersServiceRef,
        limits: pavedLimitsServiceRef,
      },
      async init(deps) {
        const { clusters, limits } = deps;
        const scope = new NamespaceScope({
          ...deps,
          catalog: withCatalogTimeout(deps.catalog, limits),
          clusters,
        });
        deps.objectsProviders.addObjectsProvider(
          async ({ getDefault }) =>
            new ScopedObjectsProvider(await getDefault(), scope),
        );
        const proxy = createScopedProxyRouter({
          ...deps,
          scope,
          clusters,
          logBytes: limits.logs.readBytes,
        });
        deps.routers.addRouter(({ getDefault }) => {
          const router = Router();
          router.use(proxy);
          router.use(getDefault());
          return router;
        });
      },
    });
  },
});
