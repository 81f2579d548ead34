import { ResponseError } from '@backstage/errors';
import { PavedRoute, RouteInput, RouteResponse } from './route';

/** A request to one route, ready for `fetch` relative to the plugin's base URL. @public */
export interface RouteRequest {
  method: PavedRoute['method'];
  /** The path with its parameters encoded and the query string appended. */
  path: string;
  /** The JSON body, for routes that take one. */
  body?: string;
}

/**
 * The request for `route` with `input`: parameters are URI-encoded into the path, query values that are
 * neither `undefined` nor empty become the query string.
 *
 * @public
 */
export function routeRequest<R extends PavedRoute>(
  route: R,
  input: RouteInput<R>,
): RouteRequest {
  const { params, query, body } = input as {
    params?: Record<string, string>;
    query?: Record<string, unknown>;
    body?: unknown;
  };
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) {
      throw new TypeError(`${route.path}: the parameter ${name} is missing`);
    }
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return {
    method: route.method,
    path: text ? `${path}?${text}` : path,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** How a caller sends a request: its own fetch, credentials and timeout. @public */
export type RouteTransport = (request: RouteRequest) => Promise<Response>;

/**
 * A typed caller of Paved's API over `send`: answers the route's response type and throws a
 * `ResponseError` (with the backend's error body) for any answer that is not 2xx.
 *
 * @public
 */
export function createRouteCaller(send: RouteTransport) {
  return async <R extends PavedRoute>(
    route: R,
    input: RouteInput<R>,
  ): Promise<RouteResponse<R>> => {
    const response = await send(routeRequest(route, input));
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as RouteResponse<R>;
  };
}

/** A caller made by {@link createRouteCaller}. @public */
export type RouteCaller = ReturnType<typeof createRouteCaller>;
