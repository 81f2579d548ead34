import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
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
      },
      async init({ policy, config, userInfo, auth, catalog }) {
        const access = config.getOptionalConfig('paved.access');
        const other = access?.getOptionalString('otherPermissions') ?? 'allow';
        if (other !== 'allow' && other !== 'deny') {
          throw new Error(
            `paved.access.otherPermissions must be "allow" or "deny", not "${other}"`,
          );
        }
        policy.setPolicy(
          new PavedTierPolicy({
            userInfo,
            teams: new TeamDirectory(
              catalog,
              auth,
              (access?.getOptionalNumber('teamLeadCacheSeconds') ?? 30) * 1000,
            ),
            platformAdminGroups:
              access?.getOptionalStringArray('platformAdminGroups') ?? [],
            otherPermissions: other,
          }),
        );
      },
    });
  },
});
