import { z } from 'zod/v3';

/** The HTTP methods Paved's API uses. @public */
export type RouteMethod = 'GET' | 'POST';

/**
 * One endpoint of `/api/paved`: its method, its path (Express syntax, `:name` for a parameter), the zod
 * schemas its query and body are validated with, and — as a type only — what it answers. The backend binds
 * its handler to the route, the frontend and the scaffolder module call it; all three read the same
 * declaration, so a changed field fails type checks on every side.
 *
 * @public
 */
export interface PavedRoute<
  TPath extends string = string,
  TQuery extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
  TBody extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
  TResponse = unknown,
> {
  method: RouteMethod;
  path: TPath;
  query?: TQuery;
  body?: TBody;
  /** The success status (200 unless the route creates something: 201). */
  status?: 200 | 201;
  /** Type-only: what the endpoint answers (never set at run time). */
  readonly response?: TResponse;
}

/**
 * Declares a route answering `TResponse`:
 * `defineRoute<TeamCost>()({ method: 'GET', path: '/entities/:namespace/group/:name/cost' })`.
 *
 * @public
 */
export function defineRoute<TResponse>() {
  const define = <
    TPath extends string,
    TQuery extends z.ZodTypeAny | undefined = undefined,
    TBody extends z.ZodTypeAny | undefined = undefined,
  >(route: {
    method: RouteMethod;
    path: TPath;
    query?: TQuery;
    body?: TBody;
    status?: 200 | 201;
  }): PavedRoute<TPath, TQuery, TBody, TResponse> => route;
  return define;
}

/**
 * The names of the parameters in a route path: `'namespace' | 'name'` for `/entities/:namespace/group/:name/cost`.
 *
 * @public
 */
export type RouteParamNames<TPath extends string> =
  TPath extends `${string}:${infer Param}/${infer Rest}`
    ? Param | RouteParamNames<`/${Rest}`>
    : TPath extends `${string}:${infer Param}`
    ? Param
    : never;

/**
 * The path parameters of a route, from its path: `{ namespace: string; name: string }` for
 * `/entities/:namespace/group/:name/cost`.
 *
 * @public
 */
export type RouteParams<R> = R extends PavedRoute<infer TPath, any, any, any>
  ? { [K in RouteParamNames<TPath>]: string }
  : never;

/** What a caller may send as the query (before defaults and coercion). @public */
export type RouteQueryInput<R> = R extends PavedRoute<any, infer Q, any, any>
  ? Q extends z.ZodTypeAny
    ? z.input<Q>
    : undefined
  : never;

/** The query as the handler receives it, validated. @public */
export type RouteQuery<R> = R extends PavedRoute<any, infer Q, any, any>
  ? Q extends z.ZodTypeAny
    ? z.output<Q>
    : undefined
  : never;

/** What a caller may send as the body. @public */
export type RouteBodyInput<R> = R extends PavedRoute<any, any, infer B, any>
  ? B extends z.ZodTypeAny
    ? z.input<B>
    : undefined
  : never;

/** The body as the handler receives it, validated. @public */
export type RouteBody<R> = R extends PavedRoute<any, any, infer B, any>
  ? B extends z.ZodTypeAny
    ? z.output<B>
    : undefined
  : never;

/** What a route answers. @public */
export type RouteResponse<R> = R extends PavedRoute<any, any, any, infer T>
  ? T
  : never;

/**
 * What a caller gives to call a route: only the parts the route has (`params` when its path has
 * parameters, `query` and `body` when it declares them).
 *
 * @public
 */
export type RouteInput<R> = ([keyof RouteParams<R>] extends [never]
  ? {}
  : { params: RouteParams<R> }) &
  (RouteQueryInput<R> extends undefined ? {} : { query?: RouteQueryInput<R> }) &
  (RouteBodyInput<R> extends undefined ? {} : { body: RouteBodyInput<R> });

/**
 * Declares a `GET` route answering `TResponse`, with an optional query schema:
 * `getRoute<EntityEvents>()('/entities/:namespace/:kind/:name/events', eventsQuery)`.
 *
 * @public
 */
export function getRoute<TResponse>() {
  const define = <
    TPath extends string,
    TQuery extends z.ZodTypeAny | undefined = undefined,
  >(
    path: TPath,
    query?: TQuery,
  ) => defineRoute<TResponse>()({ method: 'GET', path, query });
  return define;
}

/**
 * Declares a `POST` route answering `TResponse`, with its body schema and success status.
 *
 * @public
 */
export function postRoute<TResponse>() {
  const define = <TPath extends string, TBody extends z.ZodTypeAny>(
    path: TPath,
    body: TBody,
    status: 200 | 201 = 200,
  ) => defineRoute<TResponse>()({ method: 'POST', path, body, status });
  return define;
}
