import { Entity } from '@backstage/catalog-model';
import {
  PavedRoute,
  RouteQuery,
  RouteResponse,
  parseInput,
} from '@paved/plugin-paved-common';
import { ClusterIdentity } from '@paved/plugin-paved-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import express from 'express';
import { Access, ownerOnly } from './access';
import { EntityViewName, entityViews } from './entityViews';

/** A request to an entity route of the contract, once the caller may see the view. */
export interface EntityRequest<R extends PavedRoute> {
  req: express.Request;
  res: express.Response;
  entity: Entity;
  /** The caller, as the clusters know them (impersonated on their reads). */
  identity: ClusterIdentity;
  /** The query, validated with the route's schema (a problem is a 400 naming the field). */
  query: RouteQuery<R>;
  /** Which of `wanted` the caller also holds on the entity, in order (for views that show more). */
  allows: (
    wanted: ResourcePermission<'catalog-entity'>[],
  ) => Promise<boolean[]>;
  /** Which of `services` (as traces name them) the caller holds `permission` on, see `Access.servicesAllowed`. */
  servicesAllowed: (
    services: string[],
    permission: ResourcePermission<'catalog-entity'>,
  ) => Promise<Set<string>>;
}

/** The views of one catalog entity: the contract's `GET /entities/:namespace/:kind/:name/…` routes. */
export interface EntityRoutes {
  /** Serves `route` showing `view`, answering `answer`'s value (the route's response type) as JSON. */
  json<R extends PavedRoute>(
    route: R,
    view: EntityViewName,
    answer: (request: EntityRequest<R>) => Promise<RouteResponse<R>>,
  ): void;
  /** Serves `route` showing `view` with a handler that writes the response itself (a stream). */
  stream<R extends PavedRoute>(
    route: R,
    view: EntityViewName,
    handle: (request: EntityRequest<R>) => Promise<void>,
  ): void;
  /**
   * The view and answer `route` was served with by {@link EntityRoutes.json}, for a route that answers
   * several views at once (the caller checks the view's permission itself); undefined when not served.
   */
  registered<R extends PavedRoute>(route: R): RegisteredAnswer<R> | undefined;
}

/** A JSON entity route's view and answer, as served. */
export interface RegisteredAnswer<R extends PavedRoute> {
  view: EntityViewName;
  answer: (request: EntityRequest<R>) => Promise<RouteResponse<R>>;
}

/**
 * Entity routes on `router`: each first finds the entity of the request and checks that the caller holds the
 * view's permission on it (403 naming the permission and the owner otherwise), then validates the query and
 * handles the request.
 */
export function entityRoutes(
  router: express.Router,
  access: Access,
): EntityRoutes {
  const serve: EntityRoutes['stream'] = (route, view, handle) => {
    const { permission, what } = entityViews[view];
    router.get(route.path, async (req, res) => {
      const { entity, identity } = await access.authorizedEntity(req, {
        permission,
        refusal: ownerOnly(what, permission),
      });
      const query = route.query && parseInput(route.query, req.query, 'query');
      const allows = (wanted: ResourcePermission<'catalog-entity'>[]) =>
        access.allows(req, entity, wanted);
      const servicesAllowed = (
        services: string[],
        onServices: ResourcePermission<'catalog-entity'>,
      ) => access.servicesAllowed(req, services, onServices);
      await handle({
        req,
        res,
        entity,
        identity,
        query,
        allows,
        servicesAllowed,
      });
    });
  };
  const answers = new Map<PavedRoute, RegisteredAnswer<any>>();
  return {
    json: (route, view, answer) => {
      answers.set(route, { view, answer });
      serve(route, view, async request => {
        request.res.json(await answer(request));
      });
    },
    stream: serve,
    registered: route => answers.get(route),
  };
}
