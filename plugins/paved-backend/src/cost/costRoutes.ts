import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  pavedEntityCostReadPermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { z } from 'zod/v3';
import { CostService } from './CostService';

const entityParams = z.object({
  namespace: z
    .string()
    .regex(
      /^[a-z0-9-]+$/i,
      'namespace must be a catalog namespace, e.g. default',
    ),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]*$/, 'name must be an entity name'),
});

/**
 * Adds the cost routes:
 * `GET /entities/:namespace/component/:name/cost` and `GET /entities/:namespace/group/:name/cost`
 * (`paved.entity.cost.read` on the entity: a component's owners, a group's members, platform admins) and
 * `GET /teams/cost` (`paved.platform.admin`).
 */
export function addCostRoutes(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    permissions: PermissionsService;
    catalog: CatalogService;
    cost: CostService;
  },
) {
  const { httpAuth, userInfo, permissions, catalog, cost } = deps;

  /** The entity of the request, once the caller may read its cost. */
  async function authorizedEntity(
    req: express.Request,
    kind: 'component' | 'group',
  ) {
    const parsed = entityParams.safeParse(req.params);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef({ kind, ...parsed.data });
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: pavedEntityCostReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        kind === 'group'
          ? `You may not view the cost of ${entityRef} (${pavedEntityCostReadPermission.name}); only its members and platform admins may`
          : `You may not view the cost of ${entityRef} (${
              pavedEntityCostReadPermission.name
            }); only its owner${
              entity.spec?.owner ? `, ${entity.spec.owner},` : ''
            } and platform admins may. Ask its owning team for access`,
      );
    }
    return { entity, identity: await clusterIdentityOf(userInfo, credentials) };
  }

  router.get('/entities/:namespace/component/:name/cost', async (req, res) => {
    const { entity, identity } = await authorizedEntity(req, 'component');
    res.json(await cost.componentCost(entity, identity));
  });

  router.get('/entities/:namespace/group/:name/cost', async (req, res) => {
    const { entity, identity } = await authorizedEntity(req, 'group');
    res.json(await cost.teamCost(entity, identity));
  });

  router.get('/teams/cost', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: pavedPlatformAdminPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `Only platform admins may view every team's cost (${pavedPlatformAdminPermission.name}); open your team's page for its cost`,
      );
    }
    const { items: groups } = await catalog.getEntities(
      {
        filter: { kind: 'Group' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.annotations',
          'spec.type',
          'spec.profile.displayName',
        ],
      },
      { credentials },
    );
    res.json(
      await cost.teamsCost(
        groups,
        await clusterIdentityOf(userInfo, credentials),
      ),
    );
  });
}
