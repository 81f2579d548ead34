import { UserInfoService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/config';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { PreviewService } from './PreviewService';
import { addPreviewRoutes } from './routes';

const userInfo: UserInfoService = {
  getUserInfo: async credentials => {
    const user = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: user,
      ownershipEntityRefs: [user, 'group:default/team-checkout'],
    };
  },
};

const GIT_CONFIG = {
  integrations: {
    gitea: [
      {
        host: 'git.local:3000',
        baseUrl: 'http://git.local:3000',
        username: 'paved-admin',
        password: 'the-token',
      },
    ],
  },
  paved: { git: { host: 'git.local:3000' } },
};

function app(preview: jest.Mock, data: JsonObject = {}) {
  const router = Router();
  router.use(express.json());
  addPreviewRoutes(router, {
    httpAuth: mockServices.httpAuth(),
    userInfo,
    previews: { preview } as unknown as PreviewService,
    config: mockServices.rootConfig({ data }),
  });
  const server = express();
  server.use(router);
  server.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return server;
}

const body = {
  cluster: 'local',
  namespace: 'checkout-dev',
  spec: { name: 'orders-api' },
};

describe('POST /golden-paths/:goldenPath/preview', () => {
  it('previews as the signed-in user with the golden path of the path', async () => {
    const answer = {
      diff: '',
      results: [],
      warnings: [],
      needsApproval: false,
    };
    const preview = jest.fn().mockResolvedValue(answer);
    const res = await request(app(preview))
      .post('/golden-paths/worker/preview')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send({ ...body, patches: '[]' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(answer);
    expect(preview).toHaveBeenCalledWith(
      {
        credentials: expect.objectContaining({
          principal: expect.objectContaining({
            userEntityRef: 'user:default/bob',
          }),
        }),
        identity: {
          user: 'user:default/bob',
          groups: ['group:default/team-checkout'],
        },
      },
      'worker',
      { ...body, patches: '[]' },
    );
  });

  it('refuses a body without the environment, naming the field', async () => {
    const preview = jest.fn();
    const res = await request(app(preview))
      .post('/golden-paths/web-service/preview')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send({ cluster: 'local', spec: {} });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^namespace: /);
    expect(preview).not.toHaveBeenCalled();
  });

  it('answers a refusal of the change as a 400 with its message', async () => {
    const preview = jest
      .fn()
      .mockRejectedValue(
        new InputError(
          '1 guardrail violation(s); nothing was applied:\n  - Deployment orders-api spec.replicas',
        ),
      );
    const res = await request(app(preview))
      .post('/golden-paths/web-service/preview')
      .set('Authorization', mockCredentials.user.header('user:default/bob'))
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('guardrail violation'),
    });
  });

  it('is for users only', async () => {
    const preview = jest.fn();
    const res = await request(app(preview))
      .post('/golden-paths/web-service/preview')
      .set('Authorization', mockCredentials.service.header())
      .send(body);
    expect(res.status).toBe(403);
    expect(preview).not.toHaveBeenCalled();
  });
});

describe('GET /golden-paths/git-target', () => {
  const user = mockCredentials.user.header('user:default/bob');

  it('names the team’s repository on the git host, and never the host’s credentials', async () => {
    const res = await request(app(jest.fn(), GIT_CONFIG))
      .get('/golden-paths/git-target')
      .query({ owner: 'group:default/team-checkout', name: 'orders-api' })
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      mode: 'git',
      hostUrl: 'http://git.local:3000',
      repositoryUrl: 'http://git.local:3000/team-checkout/orders-api',
    });
    expect(JSON.stringify(res.body)).not.toContain('the-token');
  });

  it('names no repository while the owner or name is not one yet', async () => {
    for (const query of [
      { name: 'orders-api' },
      { owner: 'group:default/team-checkout', name: 'Orders API' },
      { owner: 'user:default/bob', name: 'orders-api' },
    ]) {
      const res = await request(app(jest.fn(), GIT_CONFIG))
        .get('/golden-paths/git-target')
        .query(query)
        .set('Authorization', user);
      expect(res.body).toEqual({
        mode: 'git',
        hostUrl: 'http://git.local:3000',
      });
    }
  });

  it('says the component is registered locally, and why, without a git host', async () => {
    const res = await request(app(jest.fn()))
      .get('/golden-paths/git-target')
      .set('Authorization', user);
    expect(res.body).toEqual({
      mode: 'local',
      reason: 'no git host is configured (paved.git.host)',
    });
  });

  it('is for users only', async () => {
    const res = await request(app(jest.fn(), GIT_CONFIG))
      .get('/golden-paths/git-target')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(403);
  });
});
