import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { PavedLimits, readPavedLimits } from '../limits/readLimits';

/**
 * `paved.limits`, read once for the whole backend: every Paved plugin and module takes its bounds and
 * timeouts from here.
 *
 * @public
 */
export const pavedLimitsServiceRef = createServiceRef<PavedLimits>({
  id: 'paved.limits',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => readPavedLimits(config),
    }),
});
