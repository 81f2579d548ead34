import { Entity } from '@backstage/catalog-model';
import { kubernetesNameSchema } from '@paved/plugin-paved-common';
import { ClusterIdentity } from '@paved/plugin-paved-node';
import express from 'express';
import { z } from 'zod/v3';
import { Access, ownerOnly } from './access';
import { EntityViewName, entityViews } from './entityViews';
import { parseInput } from './parseInput';

/** The query field naming one environment of the entity (its name or namespace). */
export const environmentName = kubernetesNameSchema('environment', 'label');

/** A request to an entity route, once the caller may see the view. */
export interface EntityRequest {
  req: express.Request;
  res: express.Response;
  entity: Entity;
  /** The caller, as the clusters know them (impersonated on their reads). */
  identity: ClusterIdentity;
  /** The request's query parsed with `schema`; a problem is a 400 naming the field. */
  query<T extends z.ZodTypeAny>(schema: T): z.infer<T>;
}

/** The views of one catalog entity: `GET /entities/:namespace/:kind/:name/<path>`. */
export interface EntityRoutes {
  /** Adds a route showing `view`, answering `answer`'s value as JSON. */
  json(
    path: string,
    view: EntityViewName,
    answer: (request: EntityRequest) => Promise<unknown>,
  ): void;
  /** Adds a route showing `view` whose handler writes the response itself (a stream). */
  stream(
    path: string,
    view: EntityViewName,
    handle: (request: EntityRequest) => Promise<void>,
  ): void;
}

/**
 * Entity routes on `router`: each first finds the entity of the request and checks that the caller holds the
 * view's permission on it (403 naming the permission and the owner otherwise), then handles the request.
 */
export function entityRoutes(
  router: express.Router,
  access: Access,
): EntityRoutes {
  const route: EntityRoutes['stream'] = (path, view, handle) => {
    const { permission, what } = entityViews[view];
    router.get(`/entities/:namespace/:kind/:name/${path}`, async (req, res) => {
      const { entity, identity } = await access.authorizedEntity(req, {
        permission,
        refusal: ownerOnly(what, permission),
      });
      await handle({
        req,
        res,
        entity,
        identity,
        query: schema => parseInput(schema, req.query, 'query'),
      });
    });
  };
  return {
    json: (path, view, answer) =>
      route(path, view, async request => {
        request.res.json(await answer(request));
      }),
    stream: route,
  };
}
