import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { pavedApiRef } from './api/PavedApi';
import { PavedClient } from './api/PavedClient';
import { rootRouteRef } from './routes';

/**
 * The Paved frontend plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const pavedPlugin = createPlugin({
  id: 'paved',
  apis: [
    createApiFactory({
      api: pavedApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PavedClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The Platform tab content for an entity page (legacy frontend system):
 * `<EntityLayout.Route path="/platform" title="Platform"><EntityPavedContent /></EntityLayout.Route>`.
 *
 * @public
 */
export const EntityPavedContent = pavedPlugin.provide(
  createRoutableExtension({
    name: 'EntityPavedContent',
    component: () =>
      import('./components/PlatformContent').then(m => m.PlatformContent),
    mountPoint: rootRouteRef,
  }),
);
