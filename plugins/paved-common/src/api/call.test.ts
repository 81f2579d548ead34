import { ResponseError } from '@backstage/errors';
import { createRouteCaller, routeRequest } from './call';
import { costRoutes, entityRoutes } from './routes';

describe('routeRequest', () => {
  it('encodes the path parameters and leaves out empty query values', () => {
    expect(
      routeRequest(entityRoutes.logs, {
        params: { namespace: 'default', kind: 'component', name: 'a/b c' },
        query: { environment: 'staging', pod: undefined, search: '', tail: 50 },
      }),
    ).toEqual({
      method: 'GET',
      path: '/entities/default/component/a%2Fb%20c/logs?environment=staging&tail=50',
    });
  });

  it('has no query string or body when there is none', () => {
    expect(routeRequest(costRoutes.teamsCost, {})).toEqual({
      method: 'GET',
      path: '/teams/cost',
    });
  });

  it('refuses a missing path parameter, naming it', () => {
    expect(() =>
      routeRequest(entityRoutes.overview, {
        params: { namespace: 'default', kind: 'component' } as any,
      }),
    ).toThrow('the parameter name is missing');
  });
});

describe('createRouteCaller', () => {
  it("answers the route's JSON and sends the request it built", async () => {
    const send = jest.fn(
      async () => new Response(JSON.stringify({ teams: [] }), { status: 200 }),
    );
    const call = createRouteCaller(send);
    await expect(call(costRoutes.teamsCost, {})).resolves.toEqual({
      teams: [],
    });
    expect(send).toHaveBeenCalledWith({ method: 'GET', path: '/teams/cost' });
  });

  it('throws a ResponseError with the backend error for an answer that is not 2xx', async () => {
    const call = createRouteCaller(
      async () =>
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'not yours' },
            request: { method: 'GET', url: '/teams/cost' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const error = await call(costRoutes.teamsCost, {}).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe('not yours');
  });
});
