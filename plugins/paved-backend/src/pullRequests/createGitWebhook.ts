import {
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ApplyEngine,
  ClusterRegistry,
  CostPrices,
  EnvironmentService,
  GiteaClient,
  MutationAuditDeps,
  PREVIEWS_KEY,
  PullRequestPreviews,
  readGitPublishTarget,
  readPreviewSettings,
  reconcileDeployRepository,
} from '@paved/plugin-paved-node';
import { DeliveryLog } from './DeliveryLog';
import { GitWebhookDeps } from './webhookRoutes';

/** How long an accepted delivery id is remembered (a replay after that finds the pull request as it is then). */
const DELIVERY_RETENTION_DAYS = 30;

/**
 * The git webhook's dependencies from config: previews are on when `paved.git.previews.webhookSecret` is set
 * and golden paths publish to a git host (`paved.git.host`); otherwise deliveries are answered 503 with the
 * reason. Accepted delivery ids are pruned after 30 days.
 */
export async function createGitWebhook(options: {
  config: RootConfigService;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  audit: MutationAuditDeps;
  clusters: ClusterRegistry;
  environments: EnvironmentService;
  engine: ApplyEngine;
  prices: Map<string, CostPrices>;
  shutdown: AbortSignal;
}): Promise<GitWebhookDeps> {
  const { config, logger } = options;
  const settings = readPreviewSettings(config);
  const target = readGitPublishTarget(config);
  const deliveries = await DeliveryLog.create({ database: options.database });
  await options.scheduler.scheduleTask({
    id: 'paved-git-webhook-deliveries-prune',
    frequency: { hours: 6 },
    timeout: { minutes: 5 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      const before = new Date(
        Date.now() - DELIVERY_RETENTION_DAYS * 24 * 3600_000,
      );
      await deliveries.prune(before);
    },
  });
  const base = {
    deliveries,
    audit: options.audit,
    logger: logger.child({ feature: 'pull-request-previews' }),
    shutdown: options.shutdown,
  };
  if (!settings.webhookSecret) {
    return {
      ...base,
      previews: {
        enabled: false,
        reason: `no webhook secret is configured (${PREVIEWS_KEY}.webhookSecret)`,
      },
    };
  }
  if (target.mode === 'local') {
    return { ...base, previews: { enabled: false, reason: target.reason } };
  }
  const service = new PullRequestPreviews({
    environments: options.environments,
    clusters: options.clusters,
    engine: options.engine,
    git: new GiteaClient(target.host),
    settings,
    prices: options.prices,
    appBaseUrl: config.getString('app.baseUrl'),
  });
  logger.info(
    `Pull request previews are on: deliveries from ${target.host.baseUrl} make previews on cluster ${service.cluster} from each team's ${settings.sourceEnvironment} environment`,
  );
  return {
    ...base,
    previews: { enabled: true, service, secret: settings.webhookSecret },
    gitops: {
      reconcile: push =>
        reconcileDeployRepository(
          options.clusters,
          `${target.host.baseUrl}/${push.organization}/${push.repository}.git`,
          push.branch,
        ),
    },
  };
}
