import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { pavedEntityReadPermission } from '@paved/plugin-paved-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { OverviewService } from './service/OverviewService';
import { clusterIdentityOf } from './service/identity';

const entityParams = z.object({
  namespace: z
    .string()
    .regex(
      /^[a-z0-9-]+$/i,
      'namespace must be a catalog namespace, e.g. default',
    ),
  kind: z
    .string()
    .regex(/^[a-z]+$/i, 'kind must be an entity kind, e.g. component'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]*$/, 'name must be an entity name'),
});

export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalog: CatalogService;
  overview: OverviewService;
}

/** The Paved backend's HTTP API, mounted at `/api/paved`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, catalog, overview } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:namespace/:kind/:name/overview', async (req, res) => {
    const parsed = entityParams.safeParse(req.params);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(parsed.data);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const [decision] = await permissions.authorize(
      [{ permission: pavedEntityReadPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not view the platform details of ${entityRef}; ask its owning team for access`,
      );
    }
    const identity = await clusterIdentityOf(userInfo, credentials);
    res.json(await overview.overview(entity, identity));
  });

  return router;
}
