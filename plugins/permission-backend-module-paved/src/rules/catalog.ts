import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  anyUser,
  deny,
  platformAdminOnly,
  teamLead,
  teamMember,
} from './decisions';
import { PermissionRule } from './types';

/** Entity permissions limited to the entities the caller's teams own (or, for delete, the teams they lead). */
const ownedBy =
  (
    claimsOf: (caller: Parameters<PermissionRule>[1]) => string[],
  ): PermissionRule =>
  (permission, caller) => {
    const claims = claimsOf(caller);
    if (
      claims.length === 0 ||
      !isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)
    ) {
      return deny();
    }
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims }),
    );
  };

/**
 * The catalog's permissions by tier. Reading stays open to signed-in users. Registering locations directly is
 * for team leads; developers register their components through Paved's golden paths, whose
 * `paved:catalog:register-local` checks that the component belongs to their team. Which kinds any registered
 * location may bring in is limited by `catalog.rules` (Group and User entities only from the org's own
 * location). Refreshing an entity is for its owners, deleting it for the leads of the owning team, deleting a
 * location and managing ingestion for platform admins.
 *
 * @public
 */
export const catalogRules: Record<string, PermissionRule> = {
  'catalog.entity.read': anyUser,
  'catalog.location.read': anyUser,
  'catalog.entity.validate': anyUser,
  'catalog.location.analyze': teamMember,
  'catalog.entity.create': teamLead,
  'catalog.location.create': teamLead,
  'catalog.entity.refresh': ownedBy(caller => caller.ownershipRefs),
  'catalog.entity.delete': ownedBy(caller => caller.membership.leads),
  'catalog.location.delete': platformAdminOnly,
  'catalog.ingestion.read': platformAdminOnly,
  'catalog.ingestion.manage': platformAdminOnly,
};
