import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { pavedApiRef } from './api/PavedApi';
import { PavedClient } from './api/PavedClient';

const pavedApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pavedApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new PavedClient(deps),
    }),
});

/**
 * The Platform tab on component pages (new frontend system).
 *
 * @alpha
 */
export const pavedEntityContent = EntityContentBlueprint.make({
  name: 'platform',
  params: {
    path: 'platform',
    title: 'Platform',
    filter: 'kind:component',
    loader: () =>
      import('./components/PlatformContent').then(m => <m.PlatformContent />),
  },
});

/**
 * The Paved frontend plugin for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'paved',
  extensions: [pavedApi, pavedEntityContent],
});
