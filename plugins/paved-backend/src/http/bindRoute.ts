import {
  PavedRoute,
  RouteBody,
  RouteQuery,
  RouteResponse,
  parseInput,
} from '@paved/plugin-paved-common';
import express from 'express';

/** A route's validated request, as its handler receives it. */
export interface RouteRequestInput<R> {
  query: RouteQuery<R>;
  body: RouteBody<R>;
}

/**
 * Serves one route of the `/api/paved` contract: validates the query and body with the route's schemas
 * (an `InputError` naming the field when they do not match) and answers with the handler's result, which
 * must be the route's response type.
 */
export function bindRoute<R extends PavedRoute>(
  router: express.Router,
  route: R,
  handler: (
    req: express.Request,
    input: RouteRequestInput<R>,
  ) => Promise<RouteResponse<R>>,
): void {
  const method = route.method === 'GET' ? 'get' : 'post';
  router[method](route.path, async (req, res) => {
    const input = {
      query: route.query && parseInput(route.query, req.query, 'query'),
      body: route.body && parseInput(route.body, req.body, 'body'),
    } as RouteRequestInput<R>;
    res.status(route.status ?? 200).json(await handler(req, input));
  });
}
