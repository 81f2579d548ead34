import { createServiceRef } from '@backstage/backend-plugin-api';
import { PavedAuthStrategy } from '../cluster/auth/types';

/**
 * Auth strategies an admin adds beside the built-in `serviceAccount` and `oidc` (or in place of one, by
 * giving the same name), e.g. an EKS or GKE token function. Each is provided with
 * `backend.add(createServiceFactory({ service: pavedAuthStrategiesServiceRef, deps, factory }))`; the
 * service is a multiton, so the cluster registry receives all of them and a cluster picks one with
 * `authProvider`.
 *
 * It is a root service, not an extension point: the backend plugin, the scaffolder, Kubernetes and catalog
 * modules share one cluster registry, and a plugin's extension point only reaches that plugin's own
 * modules.
 *
 * @public
 */
export const pavedAuthStrategiesServiceRef =
  createServiceRef<PavedAuthStrategy>({
    id: 'paved.auth-strategies',
    scope: 'root',
    multiton: true,
  });
