import { UserInfoService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  pavedEntityCostReadPermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { CostService } from './CostService';
import { teamGroups } from './teamGroups';
import { Access, ownerOnly } from '../http';

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

  router.get('/entities/:namespace/component/:name/cost', async (req, res) => {
    const { entity, identity } = await authorizedEntity(req, 'component');
    res.json(await cost.componentCost(entity, identity));
  });

  router.get('/entities/:namespace/resource/:name/cost', async (req, res) => {
    const { entity, identity } = await authorizedEntity(req, 'resource');
    res.json(await cost.environmentCost(entity, identity));
  });

  router.get('/entities/:namespace/group/:name/cost', async (req, res) => {
    const { entity, identity } = await authorizedEntity(req, 'group');
    res.json(await cost.teamCost(entity, identity));
  });

  router.get('/teams/cost', async (req, res) => {
    const credentials = await access.requirePlatformAdmin(
      req,
      `Only platform admins may view every team's cost (${pavedPlatformAdminPermission.name}); open your team's page for its cost`,
    );
    const groups = await teamGroups(catalog, credentials);
    res.json(
      await cost.teamsCost(
        groups,
        await clusterIdentityOf(userInfo, credentials),
      ),
    );
  });
}
