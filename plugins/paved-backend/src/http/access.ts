import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  SingleFlight,
  clusterIdentityOf,
  isPlatformAdminCaller,
} from '@paved/plugin-paved-node';
import express from 'express';
import { z } from 'zod/v3';
import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';
import { createEntityDecider } from './entityDecisions';
import { sharedCache } from '../entity/sharedCache';

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
  /**
   * Milliseconds one token's catalog lookup of an entity and its policy answers are reused
   * (`paved.sharedReads.ttlMs`, as long as the page's cluster reads are shared); 0 (the default) shares
   * only lookups in flight.
   */
  cacheMs?: number;
  now?: () => number;
}) {
  const { httpAuth, userInfo, permissions, catalog } = deps;
  const cacheMs = deps.cacheMs ?? 0;
  const decide = createEntityDecider({ permissions, cacheMs, now: deps.now });

  // The cards of one entity page ask for the same entity at the same moment (one request each): while the
  // catalog answers one, the others with the same token wait for that answer instead of asking again, and
  // the answer is kept for `cacheMs`. Never shared between two tokens.
  const lookups = new SingleFlight<Entity | undefined>();
  const finished = sharedCache<Entity | undefined>(cacheMs, deps.now);
  const serviceEntities = sharedCache<Entity[]>(cacheMs, deps.now);
  const platformAdmins = sharedCache<boolean>(cacheMs, deps.now);
  const entityFor = (
    token: string | undefined,
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> => {
    if (!token) return catalog.getEntityByRef(entityRef, { credentials });
    const key = `${token}\n${entityRef}`;
    const lookup = () => catalog.getEntityByRef(entityRef, { credentials });
    return lookups.run(key, () =>
      cacheMs > 0 ? finished.get(key, lookup) : lookup(),
    );
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
      const token = req.headers.authorization;
      const entity = await entityFor(token, entityRef, credentials);
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const [allowed] = await decide(token, credentials, entity, entityRef, [
        options.permission,
      ]);
      if (!allowed) {
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
      const token = req.headers.authorization;
      const [entity, identity] = await Promise.all([
        entityFor(token, entityRef, credentials),
        clusterIdentityOf(userInfo, credentials),
      ]);
      if (!entity) {
        throw new NotFoundError(`No entity ${entityRef} in the catalog`);
      }
      const decisions = await decide(
        token,
        credentials,
        entity,
        entityRef,
        wanted,
      );
      const allowed = new Set(
        wanted.filter((_, i) => decisions[i]).map(p => p.name),
      );
      return {
        entity,
        entityRef,
        allowed,
        identity,
      };
    },

    /**
     * Which of `wanted` the caller holds on `entity` (read by the route for this request), in order: for an
     * entity view that shows more than its own permission allows (e.g. metrics or cost beside the overview).
     */
    async allows(
      req: express.Request,
      entity: Entity,
      wanted: ResourcePermission<'catalog-entity'>[],
    ): Promise<boolean[]> {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      return decide(
        req.headers.authorization,
        credentials,
        entity,
        stringifyEntityRef(entity),
        wanted,
      );
    },

    /**
     * Which of `services` (names of services, as traces name them) the caller holds `permission` on. A service's
     * components are those whose `backstage.io/kubernetes-id` is its name, or, when none is, those named like it;
     * the caller must hold the permission on every one of them (a component registered to claim another team's
     * service gains nothing), and a service without a component is no one's. One catalog query for all of them,
     * with the caller's credentials, and one policy question per component (kept as the entity decisions are,
     * per token).
     */
    async servicesAllowed(
      req: express.Request,
      services: string[],
      permission: ResourcePermission<'catalog-entity'>,
    ): Promise<Set<string>> {
      const allowed = new Set<string>();
      if (services.length === 0) return allowed;
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const token = req.headers.authorization;
      const names = [...new Set(services)].sort();
      const lookup = () =>
        catalog
          .getEntities(
            {
              filter: [
                {
                  kind: 'component',
                  [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]: names,
                },
                { kind: 'component', 'metadata.name': names },
              ],
            },
            { credentials },
          )
          .then(r => r.items);
      const found = token
        ? await serviceEntities.get(`${token}\n${names.join(',')}`, lookup)
        : await lookup();
      const claimants = new Map<string, Entity[]>();
      for (const name of names) {
        const byId = found.filter(
          e => e.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] === name,
        );
        claimants.set(
          name,
          byId.length > 0 ? byId : found.filter(e => e.metadata.name === name),
        );
      }
      await Promise.all(
        [...claimants].map(async ([service, entities]) => {
          if (entities.length === 0) return;
          const decisions = await Promise.all(
            entities.map(entity =>
              decide(token, credentials, entity, stringifyEntityRef(entity), [
                permission,
              ]).then(([ok]) => ok),
            ),
          );
          if (decisions.every(Boolean)) allowed.add(service);
        }),
      );
      return allowed;
    },

    /**
     * Whether the caller holds `paved.platform.admin`, for views that show platform admins more (the
     * approvals list). The policy's answer is reused for `cacheMs` per token, like the entity decisions;
     * changes that need the permission ask the policy every time ({@link Access.requirePlatformAdmin}).
     */
    async isPlatformAdmin(
      req: express.Request,
      credentials: BackstageCredentials,
    ): Promise<boolean> {
      const token = req.headers.authorization;
      const ask = () => isPlatformAdminCaller(permissions, credentials);
      return token && cacheMs > 0 ? platformAdmins.get(token, ask) : ask();
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
