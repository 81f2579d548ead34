import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  pavedLimitsServiceRef,
  withCatalogTimeout,
} from '@paved/plugin-paved-node';
import { PavedTierPolicy } from './PavedTierPolicy';
import { TeamDirectory } from './TeamDirectory';

/**
 * Installs {@link PavedTierPolicy} as the permission backend's policy, configured from `paved.access`.
 *
 * @public
 */
export const permissionModulePavedTiers = createBackendModule({
  pluginId: 'permission',
  moduleId: 'paved-tiers',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        limits: pavedLimitsServiceRef,
      },
      async init({ policy, config, userInfo, auth, catalog, logger, limits }) {
        const access = config.getOptionalConfig('paved.access');
        if (access?.has('otherPermissions')) {
          throw new InputError(
            'paved.access.otherPermissions is no longer supported: the tier policy decides every permission in ' +
              'the app and denies the ones it has no rule for. Remove the key, and list any permission that ' +
              'signed-in users should have anyway under paved.access.allowPermissions.',
          );
        }
        policy.setPolicy(
          new PavedTierPolicy({
            userInfo,
            teams: new TeamDirectory(
              // a catalog that does not answer in time fails the decision with a message naming the call
              withCatalogTimeout(catalog, limits),
              auth,
              (access?.getOptionalNumber('teamLeadCacheSeconds') ?? 30) * 1000,
            ),
            platformAdminGroups:
              access?.getOptionalStringArray('platformAdminGroups') ?? [],
            allowPermissions:
              access?.getOptionalStringArray('allowPermissions') ?? [],
            logger,
          }),
        );
      },
    });
  },
});
