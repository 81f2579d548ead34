import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  GIT_WEBHOOK_PATH,
  parseEnvironmentResourceRef,
  pavedEnvironmentPermissions,
  pavedPermissions,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  DeployRepository,
  EnvironmentService,
  PavedBackendClient,
  PavedPriceSource,
  SecretService,
  configPriceSource,
  currentAgentClient,
  loadEnvironmentResource,
  pavedClustersServiceRef,
  pavedEnvironmentPermissionRules,
  pavedEnvironmentResourceRef,
  pavedGuardrailRulesServiceRef,
  pavedLimitsServiceRef,
  pavedPriceSourceExtensionPoint,
  withCallTimeouts,
  withCatalogTimeout,
} from '@paved/plugin-paved-node';
import { scheduleEnvironmentCleanup } from './cleanup/scheduleCleanup';
import { scheduleApprovalHousekeeping } from './approvals/scheduleApprovalHousekeeping';
import {
  BudgetAlertLog,
  checkBudgets,
  scheduleBudgetAlerts,
} from './cost/budgetAlerts';
import { PavedNotifier } from './notifications/PavedNotifier';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createRouter } from './router';
import { SharedClusterReads } from './entity/SharedClusterReads';
import { ApprovalService } from './approvals/ApprovalService';
import { ApprovalStore } from './approvals/ApprovalStore';
import { RunLeaseStore } from './approvals/RunLeaseStore';
import { DEFAULT_RUN_LEASE_SECONDS, RunLeases } from './approvals/RunLeases';
import { auditInterrupted } from './approvals/scheduleApprovalHousekeeping';
import { AuditTrailStore } from './audit/AuditTrailStore';
import { OverviewService } from './overview/OverviewService';
import { LogsService } from './logs/LogsService';
import { SharedLogReads } from './logs/SharedLogReads';
import { EventsService } from './events/EventsService';
import { DiagnosesService } from './diagnoses/DiagnosesService';
import { MetricsService } from './metrics/MetricsService';
import { TracesService } from './traces/TracesService';
import { CostService } from './cost/CostService';
import { HealthService } from './health/HealthService';
import { SecretChanges } from './secrets/SecretChanges';
import { SecretsViewService } from './secrets/SecretsViewService';
import { DeliveryService } from './delivery/DeliveryService';
import { createSecretManager } from './secrets/createSecretManager';
import { scheduleSecretRotation } from './secrets/scheduleRotation';
import { RevisionStore } from './revisions/RevisionStore';
import { RevisionRestorer } from './revisions/RevisionRestorer';
import { RevisionService } from './revisions/RevisionService';
import { DriftService } from './revisions/DriftService';
import { BudgetChecker } from './revisions/BudgetChecker';
import { PreviewService } from './preview/PreviewService';
import { registerAgentTools } from './agents/registerAgentTools';
import { createGitWebhook } from './pullRequests/createGitWebhook';
import { LiveUpdates } from './live/LiveUpdates';
import { readLiveSettings } from './live/settings';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  readOverBudgetPolicy,
  readRevisionRetention,
  scheduleRevisionRetention,
} from './revisions/retention';

/**
 * The Paved backend plugin: entity-scoped views of the clusters of the shared cluster registry
 * (`pavedClustersServiceRef`), served at `/api/paved`. Modules may replace its price source through
 * `pavedPriceSourceExtensionPoint`.
 *
 * @public
 */
export const pavedPlugin = createBackendPlugin({
  pluginId: 'paved',
  register(env) {
    let priceSource: PavedPriceSource | undefined;
    env.registerExtensionPoint(pavedPriceSourceExtensionPoint, {
      setPriceSource(source) {
        if (priceSource) {
          throw new Error(
            'A price source for Paved was already set; install one module that sets it',
          );
        }
        priceSource = source;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        database: coreServices.database,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
        lifecycle: coreServices.lifecycle,
        clusters: pavedClustersServiceRef,
        limits: pavedLimitsServiceRef,
        guardrailRules: pavedGuardrailRulesServiceRef,
      },
      async init(initDeps) {
        const { clusters, limits } = initDeps;
        // every catalog call Paved makes is bounded in time, and says which call timed out
        const deps = {
          ...initDeps,
          catalog: withCatalogTimeout(initDeps.catalog, limits),
        };
        deps.permissionsRegistry.addPermissions(pavedPermissions);
        // one price table for the cost views and the cost forecasts of changes
        const prices = await (
          priceSource ?? configPriceSource(deps.config)
        ).getPrices();
        const engine = ApplyEngine.fromConfig(deps.config, {
          clusters,
          rules: deps.guardrailRules,
          prices,
        });
        const environments = EnvironmentService.fromConfig(deps.config, {
          clusters,
          engine,
        });
        const trail = await AuditTrailStore.create({ database: deps.database });
        const secrets = new SecretService({
          clusters,
          manager: createSecretManager(deps.config, { clusters }),
        });
        // the entity views read after their permission check; their cluster lists are shared for a few seconds
        const sharedReads = SharedClusterReads.fromConfig(deps.config);
        const entityReads = sharedReads.registry(clusters);
        // the cost views and checks list environments through the same shared reads
        const cost = CostService.fromConfig(deps.config, {
          clusters: entityReads,
          logger: deps.logger,
          limits,
          prices,
        });
        const budgets = new BudgetChecker({
          clusters,
          catalog: deps.catalog,
          cost,
          permissions: deps.permissions,
          policy: readOverBudgetPolicy(deps.config),
        });
        const store = await ApprovalStore.create({ database: deps.database });
        const approvalConfig = deps.config.getOptionalConfig('paved.approvals');
        // the replica running an approved change holds its lease; another finishes it when this one dies
        const leases = new RunLeases({
          store: await RunLeaseStore.create({ database: deps.database }),
          logger: deps.logger,
          leaseSeconds:
            approvalConfig?.getOptionalNumber('runLeaseSeconds') ??
            DEFAULT_RUN_LEASE_SECONDS,
        });
        // ended on shutdown: open log follows end telling the client why
        const shutdown = new AbortController();
        const revisionStore = await RevisionStore.create({
          database: deps.database,
        });
        const restorer = new RevisionRestorer({
          store: revisionStore,
          engine,
          clusters,
        });
        const notifier = new PavedNotifier({
          notifications:
            deps.config.getOptionalBoolean('paved.notifications.enabled') ===
            false
              ? undefined
              : withCallTimeouts(deps.notifications, {
                  timeoutMs: limits.timeouts.notificationsMs,
                  serviceName: 'The notifications backend',
                  configKey: 'paved.limits.timeouts.notificationsMs',
                }),
          catalog: deps.catalog,
          auth: deps.auth,
          logger: deps.logger,
        });
        const approvals = new ApprovalService({
          store,
          trail,
          auditor: deps.auditor,
          logger: deps.logger,
          permissions: deps.permissions,
          clusters,
          engine,
          environments,
          catalog: deps.catalog,
          secrets,
          notifier,
          revisions: revisionStore.recorder(deps.logger),
          restorer,
          budgets,
          deployRepository: DeployRepository.fromConfig(deps.config),
          ttlHours:
            deps.config.getOptionalNumber('paved.approvals.ttlHours') ?? 72,
          agentTtlMinutes: deps.config.getOptionalNumber(
            'paved.agents.confirmWithinMinutes',
          ),
          leases,
        });
        // on shutdown: follows end, runs in flight get a little time, then an outcome at once
        deps.lifecycle.addShutdownHook(async () => {
          shutdown.abort();
          const interrupted = await leases.shutdown(
            (approvalConfig?.getOptionalNumber('shutdownGraceSeconds') ?? 10) *
              1000,
          );
          const requests = await Promise.all(
            interrupted.map(id => store.get(id)),
          );
          await auditInterrupted(
            { trail, auditor: deps.auditor, logger: deps.logger },
            requests.filter(r => r !== undefined),
          );
        });
        deps.permissionsRegistry.addResourceType({
          resourceRef: pavedEnvironmentResourceRef,
          permissions: pavedEnvironmentPermissions,
          rules: Object.values(pavedEnvironmentPermissionRules),
          // an environment that does not exist yet may be proposed by a pending clone request
          getResources: refs =>
            Promise.all(
              refs.map(async ref => {
                const parsed = parseEnvironmentResourceRef(ref);
                if (!parsed) return undefined;
                return (
                  (await loadEnvironmentResource(
                    clusters,
                    parsed.cluster,
                    parsed.namespace,
                  )) ??
                  (await approvals.proposedEnvironment(
                    parsed.cluster,
                    parsed.namespace,
                  ))
                );
              }),
            ),
        });
        await scheduleApprovalHousekeeping({
          ...deps,
          store,
          trail,
          approvals,
          frequencySeconds: approvalConfig?.getOptionalNumber(
            'housekeeping.frequencySeconds',
          ),
        });
        const audit = {
          auditor: deps.auditor,
          trail,
          logger: deps.logger,
        };
        await scheduleSecretRotation({
          clusters,
          secrets,
          audit,
          logger: deps.logger,
          scheduler: deps.scheduler,
          intervalSeconds:
            deps.config.getOptionalNumber(
              'paved.secrets.rotation.checkIntervalSeconds',
            ) ?? 60,
        });
        await scheduleRevisionRetention({
          scheduler: deps.scheduler,
          logger: deps.logger,
          store: revisionStore,
          retention: readRevisionRetention(deps.config),
        });
        await scheduleEnvironmentCleanup({
          ...deps,
          clusters,
          environments,
          trail,
        });
        const alerts = deps.config.getOptionalConfig('paved.cost.alerts');
        if (alerts?.getOptionalBoolean('enabled') !== false) {
          const log = await BudgetAlertLog.create({ database: deps.database });
          await scheduleBudgetAlerts({
            scheduler: deps.scheduler,
            logger: deps.logger,
            frequencyMinutes:
              alerts?.getOptionalNumber('frequencyMinutes') ?? 60,
            check: signal =>
              checkBudgets({
                cost,
                catalog: deps.catalog,
                auth: deps.auth,
                notifier,
                log,
                signal,
              }),
          });
        }
        // pods of the namespaces open pages watch, pushed to their viewers over Backstage Signals
        const liveSettings = readLiveSettings(deps.config);
        const liveUpdates = liveSettings.enabled
          ? new LiveUpdates({
              clusters,
              signals: deps.signals,
              logger: deps.logger,
              settings: liveSettings,
            })
          : undefined;
        if (liveUpdates) {
          deps.lifecycle.addShutdownHook(() => liveUpdates.close());
        }
        const overview = new OverviewService(entityReads, deps.logger);
        const diagnoses = new DiagnosesService(entityReads, revisionStore);
        const metrics = MetricsService.fromConfig(deps.config, {
          clusters: entityReads,
          limits,
        });
        const gitWebhook = await createGitWebhook({
          config: deps.config,
          database: deps.database,
          scheduler: deps.scheduler,
          logger: deps.logger,
          audit,
          clusters,
          environments,
          engine,
          prices,
          shutdown: shutdown.signal,
        });
        deps.httpRouter.use(
          await createRouter({
            gitWebhook,
            live: {
              updates: liveUpdates,
              clusters,
              ttlSeconds: liveSettings.subscriptionTtlSeconds,
            },
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            catalog: deps.catalog,
            config: deps.config,
            accessCacheMs: sharedReads.ttlMs,
            overview,
            logs: new LogsService(
              entityReads,
              limits.logs,
              new SharedLogReads(sharedReads.ttlMs),
            ),
            events: new EventsService(entityReads),
            delivery: new DeliveryService(entityReads),
            traces: TracesService.fromConfig({ clusters: entityReads, limits }),
            diagnoses,
            metrics,
            health: new HealthService({
              overview,
              diagnoses,
              metrics,
              cost,
              revisions: revisionStore,
            }),
            approvals,
            trail,
            cost,
            limits,
            shutdown: shutdown.signal,
            secretViews: new SecretsViewService({
              clusters,
              secrets,
              permissions: deps.permissions,
            }),
            secretChanges: new SecretChanges({
              clusters,
              secrets,
              permissions: deps.permissions,
              approvals,
              audit,
            }),
            revisions: new RevisionService({
              store: revisionStore,
              restorer,
              clusters,
              permissions: deps.permissions,
              approvals,
              audit,
            }),
            drift: new DriftService({ store: revisionStore, clusters }),
            budgets,
            previews: new PreviewService({
              engine,
              clusters,
              permissions: deps.permissions,
              budgets,
            }),
          }),
        );
        // Paved's tools for AI agents (served over MCP by the MCP actions backend): reads as the user, changes
        // only as change requests the user confirms in Backstage
        registerAgentTools(deps.actionsRegistry, {
          backend: new PavedBackendClient(
            deps.discovery,
            deps.auth,
            deps.logger,
            limits.timeouts.backendMs,
          ),
          approvals,
          clusters,
          userInfo: deps.userInfo,
          audit,
          appBaseUrl: deps.config.getOptionalString('app.baseUrl') ?? '',
          // the MCP client, when the app names it (packages/backend's agentClientContext)
          clientOf: () => currentAgentClient(),
          renderDefaults: {
            otlpEndpoint: deps.config.getOptionalString(
              'paved.traces.otlpEndpoint',
            ),
          },
        });
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        // the git host signs its deliveries with the webhook secret instead of sending a Backstage token
        deps.httpRouter.addAuthPolicy({
          path: GIT_WEBHOOK_PATH,
          allow: 'unauthenticated',
        });
      },
    });
  },
});
