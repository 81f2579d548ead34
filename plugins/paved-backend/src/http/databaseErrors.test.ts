import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import {
  databaseUnavailableHandler,
  isDatabaseUnavailable,
} from './databaseErrors';

function connectError(code: string, syscall = 'connect') {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:15433`), {
    code,
    syscall,
  });
}

describe('databaseUnavailableHandler', () => {
  it.each([
    ['a refused connection', connectError('ECONNREFUSED')],
    [
      'a server shutting down',
      Object.assign(new Error('terminating connection'), { code: '57P01' }),
    ],
    [
      'no pooled connection in time',
      Object.assign(new Error('Timeout acquiring a connection'), {
        name: 'KnexTimeoutError',
      }),
    ],
  ])('answers %s with 503 naming the database', async (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const app = express();
    app.get('/x', () => {
      throw error;
    });
    app.use(databaseUnavailableHandler());
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    const res = await request(app).get('/x');
    expect(res.status).toBe(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toMatch(
      /^Paved's database cannot be reached/,
    );
  });

  it('leaves other errors alone', async () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(
      isDatabaseUnavailable(Object.assign(new Error('x'), { code: '23505' })),
    ).toBe(false);
    const app = express();
    app.get('/x', () => {
      throw new Error('boom');
    });
    app.use(databaseUnavailableHandler());
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).error(),
    );
    expect((await request(app).get('/x')).status).toBe(500);
  });
});
