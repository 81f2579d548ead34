import { PermissionsService } from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { prometheusUnavailable } from '@paved/plugin-paved-node';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { CostService } from '../cost/CostService';
import { DiagnosesService } from '../diagnoses/DiagnosesService';
import { createAccess, entityRoutes } from '../http';
import { MetricsService } from '../metrics/MetricsService';
import { SignalComparisons } from '../metrics/periodComparison';
import { OverviewService } from '../overview/OverviewService';
import { RevisionStore } from '../revisions/RevisionStore';
import { HealthService } from './HealthService';
import { addHealthRoutes } from './routes';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'shop' },
  },
  spec: { owner: 'group:default/team-shop' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-shop' }],
};
const PATH = '/entities/default/component/shop/health';
/** 2025-12-05T02:00:00Z */
const NOW = 1_764_900_000;

const env = (environment: string, protect = false) => ({
  cluster: 'one',
  namespace: `shop-${environment}`,
  environment,
  team: 'group:default/team-shop',
  lifecycle: 'persistent',
  protected: protect,
});
const workload = (environment: string, ready: number, desired: number) => ({
  cluster: 'one',
  namespace: `shop-${environment}`,
  environment,
  kind: 'Deployment',
  name: 'shop',
  ready,
  desired,
});
const diagnosis = (environment: string, kind: string, name: string) => ({
  cluster: 'one',
  namespace: `shop-${environment}`,
  environment,
  kind,
  object: { kind: 'Pod', name },
  cause: `${kind} of ${name}`,
  fix: 'fix it',
});

/** The services behind the health line, each a mock answering for environments dev, prod and qa. */
function services() {
  return {
    overview: jest.fn().mockResolvedValue({
      entityRef: 'component:default/shop',
      clusters: [{ name: 'one', reachable: true }],
      environments: [env('dev'), env('prod', true), env('qa')],
      workloads: [workload('dev', 0, 2), workload('prod', 3, 3)],
      gaps: [],
    }),
    diagnoses: jest.fn().mockResolvedValue({
      diagnoses: [
        diagnosis('dev', 'rollout-stuck', 'shop'),
        diagnosis('dev', 'crash-loop', 'shop-1'),
      ],
    }),
    periodComparison: jest.fn(
      async (_e: Entity, places: any[]): Promise<SignalComparisons> => ({
        byEnvironment: new Map(
          places.map(p => [
            `${p.cluster}/${p.namespace}`,
            {
              errorRatio: { now: 0.2, previous: 0.01 },
              p95Seconds: { now: 1.5, previous: 0.3 },
            },
          ]),
        ),
        unmonitored: [],
        unavailable: [],
      }),
    ),
    componentCost: jest.fn().mockResolvedValue({
      currency: 'EUR',
      notes: [],
      byEnvironment: [
        { cluster: 'one', namespace: 'shop-prod', total: 41.5 },
        { cluster: 'one', namespace: 'shop-dev', total: 3.25 },
      ],
    }),
    revisions: jest.fn(async ({ environments }: any) => ({
      revisions:
        environments[0].namespace === 'shop-prod'
          ? [
              {
                revision: 7,
                actor: 'user:default/bob',
                at: '2025-12-05T01:00:00.000Z',
                source: { kind: 'rollback', restores: 5 },
              },
            ]
          : [],
      more: false,
    })),
  };
}

/** Permissions allowing everything but the permission names in `denied`. */
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
  const health = new HealthService({
    overview: { overview: s.overview } as unknown as OverviewService,
    diagnoses: { diagnoses: s.diagnoses } as unknown as DiagnosesService,
    metrics: {
      periodComparison: s.periodComparison,
    } as unknown as MetricsService,
    cost: { componentCost: s.componentCost } as unknown as CostService,
    revisions: { list: s.revisions } as unknown as RevisionStore,
    now: () => NOW * 1000,
  });
  addHealthRoutes(entityRoutes(router, access), health);
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

const identity = {
  user: 'user:default/bob',
  groups: ['group:default/team-shop'],
};

describe('GET /entities/:namespace/:kind/:name/health', () => {
  it("answers one line per environment, after the view's permission and then the metrics and cost permissions", async () => {
    const s = services();
    const perms = permissions();
    const res = await get(app(s, perms));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      window: { start: NOW - 3600, end: NOW },
      environments: [
        {
          cluster: 'one',
          namespace: 'shop-dev',
          environment: 'dev',
          protected: false,
          rollout: 'failed',
          ready: 0,
          desired: 2,
          errorRatio: { now: 0.2, previous: 0.01 },
          p95Seconds: { now: 1.5, previous: 0.3 },
          diagnoses: 2,
          // what keeps the pods from running comes before the stuck rollout
          topDiagnosis: {
            kind: 'crash-loop',
            object: { kind: 'Pod', name: 'shop-1' },
            cause: 'crash-loop of shop-1',
          },
          monthToDateCost: { amount: 3.25, currency: 'EUR' },
        },
        {
          cluster: 'one',
          namespace: 'shop-prod',
          environment: 'prod',
          protected: true,
          rollout: 'complete',
          ready: 3,
          desired: 3,
          errorRatio: { now: 0.2, previous: 0.01 },
          p95Seconds: { now: 1.5, previous: 0.3 },
          diagnoses: 0,
          lastChange: {
            actor: 'user:default/bob',
            at: '2025-12-05T01:00:00.000Z',
            revision: 7,
            action: 'rollback',
          },
          monthToDateCost: { amount: 41.5, currency: 'EUR' },
        },
        {
          cluster: 'one',
          namespace: 'shop-qa',
          environment: 'qa',
          protected: false,
          rollout: 'none',
          ready: 0,
          desired: 0,
          diagnoses: 0,
        },
      ],
    });
    // the view's permission first (nothing is read without it), then what else the line may show
    expect(
      perms.authorizeConditional.mock.calls.map(([requests]: any[]) =>
        requests.map((r: any) => r.permission.name),
      ),
    ).toEqual([
      ['paved.entity.read'],
      ['paved.entity.metrics.read', 'paved.entity.cost.read'],
    ]);
    expect(s.overview).toHaveBeenCalledWith(entity, identity);
    // metrics only where the entity's workloads were read, over the last hour and the hour before
    expect(s.periodComparison).toHaveBeenCalledWith(
      entity,
      [env('dev'), env('prod', true)],
      { start: NOW - 3600, end: NOW },
    );
    expect(s.revisions).toHaveBeenCalledWith({
      environments: [env('prod', true)],
      component: 'shop',
      limit: 1,
    });
  });

  it('answers the overview\u2019s 403 without reading anything, whatever the query', async () => {
    const s = services();
    for (const path of [PATH, `${PATH}?start=12&range=2d`]) {
      const res = await get(app(s, permissions(['paved.entity.read'])), path);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You may not view the platform details of component:default/shop (paved.entity.read); only its owner, group:default/team-shop, and platform admins may. Ask its owning team for access',
      );
      expect(JSON.stringify(res.body)).not.toContain('shop-dev');
    }
    for (const fn of Object.values(s)) expect(fn).not.toHaveBeenCalled();
  });

  it('leaves out the metrics and the cost the user may not read, reading nothing for them', async () => {
    const s = services();
    const res = await get(
      app(
        s,
        permissions(['paved.entity.metrics.read', 'paved.entity.cost.read']),
      ),
    );
    expect(res.status).toBe(200);
    for (const line of res.body.environments) {
      expect(line).not.toHaveProperty('errorRatio');
      expect(line).not.toHaveProperty('p95Seconds');
      expect(line).not.toHaveProperty('monthToDateCost');
    }
    expect(res.body.environments[0].rollout).toBe('failed');
    expect(res.body.notices).toBeUndefined();
    expect(s.periodComparison).not.toHaveBeenCalled();
    expect(s.componentCost).not.toHaveBeenCalled();
  });

  it('leaves out error ratio and latency when Prometheus is down, saying so, and answers the rest', async () => {
    const s = services();
    const down = prometheusUnavailable(
      'one',
      new ServiceUnavailableError(
        'Prometheus at http://prometheus.one is unreachable (connect ECONNREFUSED)',
      ),
    );
    s.periodComparison.mockResolvedValue({
      byEnvironment: new Map(),
      unmonitored: [],
      unavailable: [down],
    });
    s.componentCost.mockResolvedValue({
      currency: 'EUR',
      byEnvironment: [],
      notes: [
        `The cost of shop-dev, shop-prod on one cannot be shown: ${down.reason}`,
      ],
    });
    const res = await get(app(s, permissions()));
    expect(res.status).toBe(200);
    expect(res.body.notices).toEqual([
      down.reason,
      `The cost of shop-dev, shop-prod on one cannot be shown: ${down.reason}`,
    ]);
    expect(down.reason).toContain('connect ECONNREFUSED');
    expect(res.body.environments.map((e: any) => e.rollout)).toEqual([
      'failed',
      'complete',
      'none',
    ]);
    for (const line of res.body.environments) {
      expect(line).not.toHaveProperty('errorRatio');
      expect(line).not.toHaveProperty('monthToDateCost');
    }
    expect(res.body.unavailableClusters).toBeUndefined();
  });

  it('names a part whose read fails and keeps the others', async () => {
    const s = services();
    s.periodComparison.mockRejectedValue(new Error('metrics broke'));
    s.componentCost.mockRejectedValue(new Error('cost broke'));
    s.revisions.mockRejectedValue(new Error('database is down'));
    const res = await get(app(s, permissions()));
    expect(res.status).toBe(200);
    expect(res.body.notices).toEqual([
      'Error ratio and latency could not be read: metrics broke',
      'The cost could not be read: cost broke',
      'The last changes could not be read: database is down',
    ]);
    expect(res.body.environments[1]).not.toHaveProperty('lastChange');
    expect(res.body.environments[0].diagnoses).toBe(2);
  });

  it('compares a custom window with the period before it, and one environment only', async () => {
    const s = services();
    const start = NOW - 7200;
    const end = NOW - 3600;
    const res = await get(
      app(s, permissions()),
      `${PATH}?start=${start}&end=${end}&environment=prod`,
    );
    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({ start, end });
    expect(res.body.environments.map((e: any) => e.environment)).toEqual([
      'prod',
    ]);
    expect(s.periodComparison).toHaveBeenCalledWith(
      entity,
      [env('prod', true)],
      { start, end },
    );
    const bad = await get(app(s, permissions()), `${PATH}?start=${start}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain(
      'a custom window needs both start and end',
    );
  });

  it('names the clusters that could not be read, and what the user may not read', async () => {
    const s = services();
    const timeout = {
      cluster: 'two',
      kind: 'timeout',
      reason: 'cluster "two" did not answer within 5000 ms',
    };
    s.overview.mockResolvedValue({
      ...(await s.overview()),
      clusters: [
        {
          name: 'one',
          reachable: true,
          error: 'user:default/bob may not read workloads in shop-qa',
        },
        { name: 'two', reachable: false, error: timeout.reason },
      ],
      unavailableClusters: [timeout],
    });
    s.diagnoses.mockResolvedValue({
      diagnoses: [],
      unavailableClusters: [{ ...timeout, reason: 'later' }],
    });
    const res = await get(app(s, permissions()));
    expect(res.body.unavailableClusters).toEqual([timeout]);
    expect(res.body.notices).toEqual([
      'user:default/bob may not read workloads in shop-qa',
    ]);
  });

  it('answers 404 for an entity the user cannot see in the catalog', async () => {
    const s = services();
    const res = await get(
      app(s, permissions()),
      '/entities/default/component/nothing/health',
    );
    expect(res.status).toBe(404);
    expect(s.overview).not.toHaveBeenCalled();
  });
});
