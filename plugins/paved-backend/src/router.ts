import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  kubernetesNameSchema,
  pavedEntityEventsReadPermission,
  pavedEntityLogsReadPermission,
  pavedEntityMetricsReadPermission,
  pavedEntityReadPermission,
} from '@paved/plugin-paved-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { OverviewService } from './service/OverviewService';
import { createAccess, ownerOnly, parseInput } from './service/access';
import { ApprovalService } from './approvals/ApprovalService';
import { addApprovalRoutes } from './approvals/approvalRoutes';
import { addCostRoutes } from './cost/costRoutes';
import { CostService } from './cost/CostService';
import { AuditTrailStore } from './audit/AuditTrailStore';
import { LogsService } from './service/LogsService';
import { MetricsService } from './service/MetricsService';
import { PavedLimits } from '@paved/plugin-paved-node';
import { FollowSlots } from './service/FollowSlots';
import { streamFollow } from './service/followStream';

const environmentName = kubernetesNameSchema('environment', 'label');

const filtersQuery = z.object({
  environment: environmentName.optional(),
  pod: kubernetesNameSchema('pod', 'subdomain').optional(),
  container: kubernetesNameSchema('container', 'label').optional(),
  search: z.string().max(200, 'search: at most 200 characters').optional(),
});

const logsQuery = filtersQuery.extend({
  tail: z.coerce.number().int().min(1).max(5000).default(200),
  sinceSeconds: z.coerce.number().int().min(1).optional(),
  previous: z
    .enum(['true', 'false'])
    .transform(v => v === 'true')
    .optional(),
});

const followQuery = filtersQuery;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalog: CatalogService;
  overview: OverviewService;
  logs: LogsService;
  metrics: MetricsService;
  approvals: ApprovalService;
  trail: AuditTrailStore;
  cost: CostService;
  /** `paved.limits`: the follows' limits are kept here. */
  limits: PavedLimits;
}

/** The Paved backend's HTTP API, mounted at `/api/paved`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { overview, logs, metrics } = options;
  const slots = new FollowSlots(options.limits.follows);
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const access = createAccess(options);
  const authorizedEntity = (
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
    what: string,
  ) =>
    access.authorizedEntity(req, {
      permission,
      refusal: ownerOnly(what, permission),
    });
  const parseQuery = <T extends z.ZodTypeAny>(schema: T, query: unknown) =>
    parseInput(schema, query, 'query');

  router.get('/entities/:namespace/:kind/:name/overview', async (req, res) => {
    const { entity, identity } = await authorizedEntity(
      req,
      pavedEntityReadPermission,
      'platform details',
    );
    res.json(await overview.overview(entity, identity));
  });

  router.get('/entities/:namespace/:kind/:name/logs', async (req, res) => {
    const { entity, identity } = await authorizedEntity(
      req,
      pavedEntityLogsReadPermission,
      'logs',
    );
    const query = parseQuery(logsQuery, req.query);
    res.json(await logs.tail(entity, identity, query));
  });

  router.get(
    '/entities/:namespace/:kind/:name/logs/follow',
    async (req, res) => {
      const { entity, identity } = await authorizedEntity(
        req,
        pavedEntityLogsReadPermission,
        'logs',
      );
      const query = parseQuery(followQuery, req.query);
      await streamFollow(req, res, {
        logs,
        slots,
        limits: options.limits.follows,
        entity,
        identity,
        query,
      });
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/metrics/current',
    async (req, res) => {
      const { entity, identity } = await authorizedEntity(
        req,
        pavedEntityMetricsReadPermission,
        'metrics',
      );
      res.json({ pods: await metrics.current(entity, identity) });
    },
  );

  router.get(
    '/entities/:namespace/:kind/:name/metrics/golden-signals',
    async (req, res) => {
      const { entity, identity } = await authorizedEntity(
        req,
        pavedEntityMetricsReadPermission,
        'metrics',
      );
      const query = parseQuery(
        z.object({
          environment: environmentName.optional(),
          range: z.enum(['15m', '1h', '6h', '24h']).default('1h'),
        }),
        req.query,
      );
      res.json(await metrics.goldenSignals(entity, identity, query));
    },
  );

  router.get('/entities/:namespace/:kind/:name/diagnoses', async (req, res) => {
    const { entity, identity } = await authorizedEntity(
      req,
      pavedEntityReadPermission,
      'platform details',
    );
    res.json({ diagnoses: await logs.diagnoses(entity, identity) });
  });

  router.get('/entities/:namespace/:kind/:name/events', async (req, res) => {
    const { entity, identity } = await authorizedEntity(
      req,
      pavedEntityEventsReadPermission,
      'events',
    );
    const query = parseQuery(
      z.object({
        environment: environmentName.optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      req.query,
    );
    res.json(await logs.events(entity, identity, query));
  });

  addApprovalRoutes(router, { ...options, access });
  addCostRoutes(router, { ...options, access });

  return router;
}
