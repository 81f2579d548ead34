import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { PavedBackendClient } from '../backendClient/PavedBackendClient';
import { pavedLimitsServiceRef } from './limits';

/**
 * A client of the Paved backend's `/api/paved` contract for the plugin that depends on it (approval
 * requests on behalf of a user, the audit trail), bounded by `paved.limits.timeouts.backendMs`.
 *
 * @public
 */
export const pavedBackendClientServiceRef =
  createServiceRef<PavedBackendClient>({
    id: 'paved.backend-client',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          discovery: coreServices.discovery,
          auth: coreServices.auth,
          logger: coreServices.logger,
          limits: pavedLimitsServiceRef,
        },
        factory: ({ discovery, auth, logger, limits }) =>
          new PavedBackendClient(
            discovery,
            auth,
            logger,
            limits.timeouts.backendMs,
          ),
      }),
  });
