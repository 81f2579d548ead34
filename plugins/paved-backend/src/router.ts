import {
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
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
import { ApprovalService } from './approvals/ApprovalService';
import { addApprovalRoutes } from './approvals/approvalRoutes';
import { addCostRoutes } from './cost/costRoutes';
import { CostService } from './cost/CostService';
import { AuditTrailStore } from './audit/AuditTrailStore';
import { LogsService } from './service/LogsService';
import { MetricsService } from './service/MetricsService';
import { clusterIdentityOf } from '@paved/plugin-paved-node';

const entityParams = z.object({
  namespace: z
    .string()
    .regex(
      /^[a-z0-9-]+$/i,
      'namespace must be a catalog namespace, e.g. default',
    ),
  kind: z
    .string()
    .regex(/^[a-z]+$/i, 'kind must be an entity kind, e.g. component'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][-A-Za-z0-9_.]*$/, 'name must be an entity name'),
});

const dnsName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name, e.g. checkout-dev',
  )
  .max(253);

const filtersQuery = z.object({
  environment: dnsName.optional(),
  pod: dnsName.optional(),
  container: dnsName.optional(),
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
}

/** The Paved backend's HTTP API, mounted at `/api/paved`. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, catalog, overview, logs, metrics } =
    options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /** The entity of the request, once the caller is a user who holds `permission` on it. */
  async function authorizedEntity(
    req: express.Request,
    permission: ResourcePermission<'catalog-entity'>,
    what: string,
  ) {
    const parsed = entityParams.safeParse(req.params);
    if (!parsed.success) {
      throw new InputError(parsed.error.issues.map(i => i.message).join('; '));
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(parsed.data);
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You may not view the ${what} of ${entityRef} (${
          permission.name
        }); only its owner${
          entity.spec?.owner ? `, ${entity.spec.owner},` : ''
        } and platform admins may. Ask its owning team for access`,
      );
    }
    return { entity, identity: await clusterIdentityOf(userInfo, credentials) };
  }

  function parseQuery<T extends z.ZodTypeAny>(
    schema: T,
    query: unknown,
  ): z.infer<T> {
    const parsed = schema.safeParse(query);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues
          .map(i => `${i.path.join('.') || 'query'}: ${i.message}`)
          .join('; '),
      );
    }
    return parsed.data;
  }

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
      const controller = new AbortController();
      req.on('close', () => controller.abort());
      // find the containers before answering, so a bad filter is still a plain HTTP error
      const { targets, notice } = await logs.select(entity, identity, query);
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(': following\n\n');
      // each container once; a line's `s` is its index here
      res.write(
        `event: sources\ndata: ${JSON.stringify({
          sources: targets,
          ...(notice ? { notice } : {}),
        })}\n\n`,
      );
      const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
      try {
        await logs.follow(identity, targets, {
          search: query.search,
          signal: controller.signal,
          onLine: line =>
            res.write(`event: line\ndata: ${JSON.stringify(line)}\n\n`),
        });
        res.write('event: end\ndata: {}\n\n');
      } catch (error) {
        res.write(
          `event: error\ndata: ${JSON.stringify({
            message: (error as Error).message,
          })}\n\n`,
        );
      } finally {
        clearInterval(heartbeat);
        res.end();
      }
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
          environment: dnsName.optional(),
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
        environment: dnsName.optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
      req.query,
    );
    res.json(await logs.events(entity, identity, query));
  });

  addApprovalRoutes(router, options);
  addCostRoutes(router, options);

  return router;
}
