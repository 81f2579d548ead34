import { PermissionsService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { DiagnosesService } from '../diagnoses/DiagnosesService';
import { addDiagnosesRoutes } from '../diagnoses/routes';
import { EventsService } from '../events/EventsService';
import { addEventsRoutes } from '../events/routes';
import { createAccess, entityRoutes } from '../http';
import { MetricsService } from '../metrics/MetricsService';
import { addMetricsRoutes } from '../metrics/routes';
import { OverviewService } from '../overview/OverviewService';
import { addOverviewRoutes } from '../overview/routes';
import { addPlatformRoutes } from './routes';
import { HealthService } from '../health/HealthService';
import { addHealthRoutes } from '../health/routes';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/team-shop' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-shop' }],
};
/** A timeout as Paved's clients throw it: a ServiceUnavailableError with status 504. */
function timeoutError(message: string) {
  return Object.assign(new ServiceUnavailableError(message), {
    statusCode: 504,
  });
}

const PATH = '/entities/default/component/shop/platform';
const overviewAnswer = {
  entityRef: 'component:default/shop',
  clusters: [{ name: 'one', reachable: true }],
  environments: [{ namespace: 'shop-production' }],
  workloads: [],
  gaps: [],
};

/** The services behind the parts, each a mock answering what its route would. */
function services() {
  return {
    overview: jest.fn().mockResolvedValue(overviewAnswer),
    diagnoses: jest.fn().mockResolvedValue({
      diagnoses: [{ kind: 'crash-loop' }],
    }),
    events: jest.fn().mockResolvedValue({ events: [], total: 0 }),
    current: jest.fn().mockResolvedValue({ pods: [{ pod: 'shop-1' }] }),
    goldenSignals: jest.fn().mockResolvedValue({ step: 60, series: [] }),
    health: jest.fn().mockResolvedValue({
      window: { start: 1, end: 3601 },
      environments: [],
    }),
  };
}

/** Permissions allowing everything but the permission names in `denied`; every call is recorded. */
function permissions(denied: string[] = []) {
  const answer = jest.fn(async (requests: any[]) =>
    requests.map(r => ({
      result: denied.includes(r.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  return { authorize: jest.fn(), authorizeConditional: answer };
}

function app(
  s: ReturnType<typeof services>,
  perms: ReturnType<typeof permissions>,
) {
  const router = Router();
  const access = createAccess({
    httpAuth: mockServices.httpAuth(),
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/bob',
        ownershipEntityRefs: ['user:default/bob', 'group:default/team-shop'],
      }),
    },
    permissions: perms as unknown as PermissionsService,
    catalog: catalogServiceMock({ entities: [entity] }),
  });
  const routes = entityRoutes(router, access);
  addOverviewRoutes(routes, {
    overview: s.overview,
  } as unknown as OverviewService);
  addDiagnosesRoutes(routes, {
    diagnoses: s.diagnoses,
  } as unknown as DiagnosesService);
  addEventsRoutes(routes, { events: s.events } as unknown as EventsService);
  addMetricsRoutes(routes, {
    current: s.current,
    goldenSignals: s.goldenSignals,
  } as unknown as MetricsService);
  addHealthRoutes(routes, { health: s.health } as unknown as HealthService);
  addPlatformRoutes(router, routes, access);
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

const get = (server: express.Express, path = PATH) =>
  request(server)
    .get(path)
    .set('Authorization', mockCredentials.user.header('user:default/bob'));

describe('GET /entities/:namespace/:kind/:name/platform', () => {
  it('answers every part as its own route does, after one authorize call for all their permissions', async () => {
    const s = services();
    const perms = permissions();
    const server = app(s, perms);
    const res = await get(server);
    expect(res.status).toBe(200);
    const base = '/entities/default/component/shop';
    const own = async (path: string) =>
      (await get(server, `${base}/${path}`)).body;
    expect(res.body).toEqual({
      overview: await own('overview'),
      diagnoses: { value: await own('diagnoses') },
      events: { value: await own('events') },
      currentMetrics: { value: await own('metrics/current') },
      goldenSignals: { value: await own('metrics/golden-signals') },
      health: { value: await own('health') },
    });
    expect(res.body.overview).toEqual(overviewAnswer);
    expect(JSON.stringify(res.body.diagnoses)).toContain('crash-loop');
    expect(JSON.stringify(res.body.currentMetrics)).toContain('shop-1');
    expect(perms.authorizeConditional.mock.calls[0][0].length).toBe(3);
    expect(
      perms.authorizeConditional.mock.calls[0][0].map(
        (r: any) => r.permission.name,
      ),
    ).toEqual([
      'paved.entity.read',
      'paved.entity.events.read',
      'paved.entity.metrics.read',
    ]);
    expect(perms.authorize).not.toHaveBeenCalled();
    const identity = {
      user: 'user:default/bob',
      groups: ['group:default/team-shop'],
    };
    expect(s.overview).toHaveBeenCalledWith(entity, identity);
    expect(s.goldenSignals).toHaveBeenCalledWith(entity, identity, {
      range: '1h',
    });
    expect(s.events).toHaveBeenCalledWith(entity, identity, {});
  });

  it('leaves out a part the user may not read with its route refusal, and reads nothing for it', async () => {
    const s = services();
    const res = await get(app(s, permissions(['paved.entity.metrics.read'])));
    expect(res.status).toBe(200);
    const refusal = {
      omitted: {
        reason: 'not-allowed',
        status: 403,
        name: 'NotAllowedError',
        message:
          'You may not view the metrics of component:default/shop (paved.entity.metrics.read); only its owner, group:default/team-shop, and platform admins may. Ask its owning team for access',
      },
    };
    expect(res.body.currentMetrics).toEqual(refusal);
    expect(res.body.goldenSignals).toEqual(refusal);
    expect(res.body.events).toEqual({ value: { events: [], total: 0 } });
    expect(s.current).not.toHaveBeenCalled();
    expect(s.goldenSignals).not.toHaveBeenCalled();
  });

  it('answers 403 without reading anything when the user may not see the overview', async () => {
    const s = services();
    const res = await get(app(s, permissions(['paved.entity.read'])));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'You may not view the platform details of component:default/shop (paved.entity.read)',
    );
    expect(JSON.stringify(res.body)).not.toContain('shop-production');
    for (const fn of Object.values(s)) expect(fn).not.toHaveBeenCalled();
  });

  it('answers the other parts when one fails, naming the failed one with its status', async () => {
    const s = services();
    s.goldenSignals.mockRejectedValue(
      timeoutError(
        'Prometheus of cluster "one" did not answer within 15000 ms (paved.limits.timeouts.prometheusMs)',
      ),
    );
    s.diagnoses.mockRejectedValue(new NotAllowedError('no pods for you'));
    const res = await get(app(s, permissions()));
    expect(res.status).toBe(200);
    expect(res.body.goldenSignals).toEqual({
      omitted: {
        reason: 'failed',
        status: 504,
        name: 'ServiceUnavailableError',
        message:
          'Prometheus of cluster "one" did not answer within 15000 ms (paved.limits.timeouts.prometheusMs)',
      },
    });
    expect(res.body.diagnoses.omitted).toMatchObject({
      reason: 'failed',
      status: 403,
    });
    expect(JSON.stringify(res.body.currentMetrics.value)).toContain('shop-1');
  });

  it('fails as the overview route does when the overview cannot be read', async () => {
    const s = services();
    s.overview.mockRejectedValue(
      new ServiceUnavailableError('cluster "one" is unreachable'),
    );
    const res = await get(app(s, permissions()));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('cluster "one" is unreachable');
  });

  it('answers 404 for an entity the user cannot see in the catalog', async () => {
    const s = services();
    const res = await get(
      app(s, permissions()),
      '/entities/default/component/nothing/platform',
    );
    expect(res.status).toBe(404);
    expect(s.overview).not.toHaveBeenCalled();
  });

  it('answers only the parts asked for, reading nothing for the others', async () => {
    const s = services();
    const res = await get(app(s, permissions()), `${PATH}?parts=diagnoses`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['diagnoses', 'overview']);
    expect(s.events).not.toHaveBeenCalled();
    expect(s.current).not.toHaveBeenCalled();
    expect(s.goldenSignals).not.toHaveBeenCalled();
    const none = await get(app(s, permissions()), `${PATH}?parts=`);
    expect(Object.keys(none.body)).toEqual(['overview']);
  });

  it('refuses a part it does not know, naming the known ones', async () => {
    const s = services();
    const res = await get(
      app(s, permissions()),
      `${PATH}?parts=diagnoses,logs`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'parts: logs is not a part of the platform page; use any of diagnoses, events, currentMetrics, goldenSignals',
    );
    expect(s.overview).not.toHaveBeenCalled();
  });

  it('names each cluster a part is missing once, at the top', async () => {
    const s = services();
    const timeout = {
      cluster: 'two',
      kind: 'timeout',
      reason: 'cluster "two" did not answer within 5000 ms',
    };
    s.overview.mockResolvedValue({
      ...overviewAnswer,
      unavailableClusters: [timeout],
    });
    s.events.mockResolvedValue({
      events: [],
      total: 0,
      unavailableClusters: [
        { ...timeout, reason: 'later' },
        { cluster: 'three', kind: 'circuit-open', reason: 'open' },
      ],
    });
    const res = await get(app(s, permissions()));
    expect(res.body.unavailableClusters).toEqual([
      timeout,
      { cluster: 'three', kind: 'circuit-open', reason: 'open' },
    ]);
  });
});
