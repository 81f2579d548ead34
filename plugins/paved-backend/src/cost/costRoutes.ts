import { UserInfoService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  costRoutes,
  pavedEntityCostReadPermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { CostService } from './CostService';
import { teamGroups } from './teamGroups';
import { Access, bindRoute, ownerOnly } from '../http';

/**
 * Adds the cost routes:
 * `GET /entities/:namespace/component/:name/cost`, `GET /entities/:namespace/resource/:name/cost` (an
 * environment) and `GET /entities/:namespace/group/:name/cost` (`paved.entity.cost.read` on the entity: a
 * component's or environment's owners, a group's members, platform admins) and
 * `GET /teams/cost` (`paved.platform.admin`).
 */
export function addCostRoutes(
  router: express.Router,
  deps: {
    access: Access;
    userInfo: UserInfoService;
    catalog: CatalogService;
    cost: CostService;
  },
) {
  const { access, userInfo, catalog, cost } = deps;

  /** The entity of the request, once the caller may read its cost. */
  const authorizedEntity = (
    req: express.Request,
    kind: 'component' | 'group' | 'resource',
  ) =>
    access.authorizedEntity(req, {
      permission: pavedEntityCostReadPermission,
      kind,
      refusal:
        kind === 'group'
          ? entityRef =>
              `You may not view the cost of ${entityRef} (${pavedEntityCostReadPermission.name}); only its members and platform admins may`
          : ownerOnly('cost', pavedEntityCostReadPermission),
    });

  bindRoute(router, costRoutes.componentCost, async req => {
    const { entity, identity } = await authorizedEntity(req, 'component');
    return cost.componentCost(entity, identity);
  });

  bindRoute(router, costRoutes.environmentCost, async req => {
    const { entity, identity } = await authorizedEntity(req, 'resource');
    return cost.environmentCost(entity, identity);
  });

  bindRoute(router, costRoutes.teamCost, async req => {
    const { entity, identity } = await authorizedEntity(req, 'group');
    return cost.teamCost(entity, identity);
  });

  bindRoute(router, costRoutes.teamsCost, async req => {
    const credentials = await access.requirePlatformAdmin(
      req,
      `Only platform admins may view every team's cost (${pavedPlatformAdminPermission.name}); open your team's page for its cost`,
    );
    const groups = await teamGroups(catalog, credentials);
    return cost.teamsCost(
      groups,
      await clusterIdentityOf(userInfo, credentials),
    );
  });
}
