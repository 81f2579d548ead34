import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  clusterIdentityOf,
  isPlatformAdminCaller,
} from '@paved/plugin-paved-node';
import express from 'express';
import { z } from 'zod/v3';

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

/** Who may see what, for the routes: the entity of a request and the platform-admin check. */
export function createAccess(deps: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalog: CatalogService;
}) {
  const { httpAuth, userInfo, permissions, catalog } = deps;

  // The cards of one entity page ask for the same entity at the same moment (one request each): while the
  // catalog answers one, the others with the same token wait for that answer instead of asking again.
  // Only lookups in flight are shared, never a finished answer, and never between two tokens.
  const lookups = new Map<string, Promise<Entity | undefined>>();
  const entityFor = (
    req: express.Request,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> => {
    const token = req.headers.authorization;
    if (!token) return catalog.getEntityByRef(entityRef, { credentials });
    const key = `${token}\n${entityRef}`;
    const pending = lookups.get(key);
    if (pending) return pending;
    const lookup = catalog
      .getEntityByRef(entityRef, { credentials })
      .finally(() => lookups.delete(key));
    lookups.set(key, lookup);
    return lookup;
  };

  return {
    /**
     * The entity named by the request's `:namespace/:kind/:name` (or `kind` when the route fixes it), once the
     * caller is a user who holds `permission` on it; `refusal` words the 403.
     */
    async authorizedEntity(
      req: express.Request,
      options: {
        permission: ResourcePermission<'catalog-entity'>;
        kind?: string;
        refusal: (entityRef: string, entity: Entity) => string;
      },
    ) {
      const parsed = entityParams.safeParse({
        ...req.params,
        ...(options.kind ? { kind: options.kind } : {}),
      });
      if (!parsed.success) {
        throw new InputError(
          parsed.error.issues.map(i => i.message).join('; '),
        );
      }
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = stringifyEntityRef(parsed.data);
      const entity = await entityFor(req, entityRef, credentials);
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const [decision] = await permissions.authorize(
        [{ permission: options.permission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(options.refusal(entityRef, entity));
      }
      return {
        entity,
        identity: await clusterIdentityOf(userInfo, credentials),
      };
    },

    /**
     * The entity named by the request's `:namespace/:kind/:name` for a user, and which of the `wanted` permissions they
     * hold on it (one authorize call for all of them); 404 when the user cannot see the entity.
     */
    async entityWithDecisions(
      req: express.Request,
      wanted: ResourcePermission<'catalog-entity'>[],
    ) {
      const parsed = entityParams.safeParse(req.params);
      if (!parsed.success) {
        throw new InputError(
          parsed.error.issues.map(i => i.message).join('; '),
        );
      }
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = stringifyEntityRef(parsed.data);
      // who the user is on the clusters is looked up while the catalog answers
      const [entity, identity] = await Promise.all([
        entityFor(req, entityRef, credentials),
        clusterIdentityOf(userInfo, credentials),
      ]);
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const decisions = await permissions.authorize(
        wanted.map(permission => ({ permission, resourceRef: entityRef })),
        { credentials },
      );
      const allowed = new Set(
        wanted
          .filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW)
          .map(p => p.name),
      );
      return {
        entity,
        entityRef,
        allowed,
        identity,
      };
    },

    /** The caller's credentials, once they hold `paved.platform.admin`; `refusal` words the 403. */
    async requirePlatformAdmin(
      req: express.Request,
      refusal: string,
    ): Promise<BackstageCredentials> {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      if (!(await isPlatformAdminCaller(permissions, credentials))) {
        throw new NotAllowedError(refusal);
      }
      return credentials;
    },
  };
}

/** The routes' access checks. */
export type Access = ReturnType<typeof createAccess>;

/** "…; only its owner, X, and platform admins may. Ask its owning team for access" for an entity view. */
export function ownerOnly(what: string, permission: { name: string }) {
  return (entityRef: string, entity: Entity) =>
    `You may not view the ${what} of ${entityRef} (${
      permission.name
    }); only its owner${
      entity.spec?.owner ? `, ${entity.spec.owner},` : ''
    } and platform admins may. Ask its owning team for access`;
}
