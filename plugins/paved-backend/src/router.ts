import {
  HttpAuthService,
  PermissionsService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PavedLimits } from '@paved/plugin-paved-node';
import express from 'express';
import Router from 'express-promise-router';
import { ApprovalService } from './approvals/ApprovalService';
import { addApprovalRoutes } from './approvals/approvalRoutes';
import { AuditTrailStore } from './audit/AuditTrailStore';
import { CostService } from './cost/CostService';
import { addCostRoutes } from './cost/costRoutes';
import { DiagnosesService } from './diagnoses/DiagnosesService';
import { addDiagnosesRoutes } from './diagnoses/routes';
import { EventsService } from './events/EventsService';
import { addEventsRoutes } from './events/routes';
import { addDeliveryRoutes } from './delivery/routes';
import { DeliveryService } from './delivery/DeliveryService';
import { addPlatformRoutes } from './platform/routes';
import { HealthService } from './health/HealthService';
import { addHealthRoutes } from './health/routes';
import { createAccess, entityRoutes } from './http';
import { LogsService } from './logs/LogsService';
import { addLogsRoutes } from './logs/routes';
import { databaseUnavailableHandler } from './http/databaseErrors';
import { MetricsService } from './metrics/MetricsService';
import { addMetricsRoutes } from './metrics/routes';
import { TracesService } from './traces/TracesService';
import { addTracesRoutes } from './traces/routes';
import { OverviewService } from './overview/OverviewService';
import { addOverviewRoutes } from './overview/routes';
import { SecretChanges } from './secrets/SecretChanges';
import { SecretsViewService } from './secrets/SecretsViewService';
import { addSecretRoutes } from './secrets/routes';
import { BudgetChecker } from './revisions/BudgetChecker';
import { DriftService } from './revisions/DriftService';
import { RevisionService } from './revisions/RevisionService';
import { addRevisionRoutes } from './revisions/routes';
import { PreviewService } from './preview/PreviewService';
import { addPreviewRoutes } from './preview/routes';
import { LiveUpdates } from './live/LiveUpdates';
import { addLiveRoutes } from './live/routes';
import { ClusterRegistry } from '@paved/plugin-paved-node';
import {
  GitWebhookDeps,
  addGitWebhookRoutes,
} from './pullRequests/webhookRoutes';

/** What the routes need: the core services for access checks, and each feature's service. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** How long one token's entity lookup and policy answers are reused (`paved.sharedReads.ttlMs`); default 0. */
  accessCacheMs?: number;
  overview: OverviewService;
  logs: LogsService;
  events: EventsService;
  /** GitOps delivery of an entity's environments (`…/delivery`). */
  delivery: DeliveryService;
  diagnoses: DiagnosesService;
  metrics: MetricsService;
  /** Traces through an entity's service (`…/traces`). */
  traces: TracesService;
  /** Each environment of an entity at a glance (`…/health`). */
  health: HealthService;
  approvals: ApprovalService;
  trail: AuditTrailStore;
  cost: CostService;
  /** `paved.limits`: the follows' limits are kept here. */
  limits: PavedLimits;
  /** Aborted when the backend shuts down: open log follows end, telling the client why. */
  shutdown?: AbortSignal;
  secretViews: SecretsViewService;
  secretChanges: SecretChanges;
  revisions: RevisionService;
  drift: DriftService;
  budgets: BudgetChecker;
  previews: PreviewService;
  /** The app's configuration: where golden paths publish (`paved.git.host`, `integrations.gitea`). */
  config: RootConfigService;
  /**
   * Live updates over Backstage Signals (`POST …/live`): the shared watches (absent when `paved.live.enabled`
   * is false), the clusters whose environments are checked, and how long a registration lasts.
   */
  live?: {
    updates?: LiveUpdates;
    clusters: ClusterRegistry;
    ttlSeconds: number;
  };
  /** The git host's deliveries (`POST /git/webhook`): a preview environment per pull request. */
  gitWebhook?: GitWebhookDeps;
}

/** The Paved backend's HTTP API, mounted at `/api/paved`: each feature adds its routes. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  // signed deliveries are checked on their raw body, so they are routed before the JSON parser
  if (options.gitWebhook) addGitWebhookRoutes(router, options.gitWebhook);
  router.use(express.json());

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const access = createAccess({ ...options, cacheMs: options.accessCacheMs });
  const entity = entityRoutes(router, access);
  addOverviewRoutes(entity, options.overview);
  addLogsRoutes(entity, options);
  addMetricsRoutes(entity, options.metrics);
  addDiagnosesRoutes(entity, options.diagnoses);
  addEventsRoutes(entity, options.events);
  addDeliveryRoutes(entity, options.delivery);
  addTracesRoutes(entity, options.traces);
  addPlatformRoutes(router, entity, access);
  addHealthRoutes(entity, options.health);
  addApprovalRoutes(router, { ...options, access });
  addCostRoutes(router, { ...options, access });
  addSecretRoutes(router, entity, {
    ...options,
    views: options.secretViews,
    changes: options.secretChanges,
  });
  addRevisionRoutes(router, entity, options);
  addPreviewRoutes(router, options);
  if (options.live) {
    addLiveRoutes(router, {
      access,
      httpAuth: options.httpAuth,
      clusters: options.live.clusters,
      live: options.live.updates,
      ttlSeconds: options.live.ttlSeconds,
    });
  }

  // a request that failed because the database is down is a 503 saying so, not a 500
  router.use(databaseUnavailableHandler());
  return router;
}
