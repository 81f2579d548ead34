import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read an entity's platform view: where it runs, its environments and workloads.
 * A resource permission on the catalog entity, so policies can grant it conditionally (e.g. to the owner).
 *
 * @public
 */
export const pavedEntityReadPermission = createPermission({
  name: 'paved.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission Paved declares, for registration with the permission framework.
 *
 * @public
 */
export const pavedPermissions = [pavedEntityReadPermission];
