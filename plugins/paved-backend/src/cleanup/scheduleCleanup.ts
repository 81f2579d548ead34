import {
  AuditorService,
  LoggerService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ClusterRegistry,
  EnvironmentService,
  recordMutationOutcome,
} from '@paved/plugin-paved-node';
import { AuditTrailStore } from '../audit/AuditTrailStore';

/**
 * Schedules the deletion of expired ephemeral environments, and of half-made environments a failed create or
 * clone could not remove, on every cluster. The Backstage scheduler runs each tick on one backend replica
 * only; a tick that is aborted (timeout, shutdown) stops before its next deletion.
 * `paved.environments.cleanup.dryRun: true` only logs what would go.
 */
export async function scheduleEnvironmentCleanup(options: {
  config: RootConfigService;
  scheduler: SchedulerService;
  logger: LoggerService;
  auditor: AuditorService;
  clusters: ClusterRegistry;
  environments: EnvironmentService;
  trail: AuditTrailStore;
}) {
  const { config, scheduler, logger, auditor, clusters, environments, trail } =
    options;
  const settings = config.getOptionalConfig('paved.environments.cleanup');
  if (settings?.getOptionalBoolean('enabled') === false) {
    logger.info(
      'Environment cleanup is disabled (paved.environments.cleanup.enabled: false)',
    );
    return;
  }
  const dryRun = settings?.getOptionalBoolean('dryRun') ?? false;
  const minutes = settings?.getOptionalNumber('frequencyMinutes') ?? 10;
  await scheduler.scheduleTask({
    id: 'paved-environment-cleanup',
    frequency: { minutes },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    fn: async abortSignal => {
      for (const cluster of clusters.list()) {
        if (abortSignal.aborted) break;
        const log = logger.child({ cluster: cluster.name });
        try {
          await environments.cleanupExpired({
            cluster: cluster.name,
            dryRun,
            signal: abortSignal,
            onDelete: async (env, reason) => {
              const what =
                reason === 'abandoned'
                  ? 'half-made environment left by a failed create or clone'
                  : 'expired environment';
              log.info(
                `${dryRun ? 'Would delete' : 'Deleted'} ${what} ${
                  env.namespace
                } (${env.environment} of ${env.team})`,
              );
              if (dryRun) return;
              await recordMutationOutcome(
                { auditor, trail, logger },
                {
                  action: 'environment.cleanup',
                  actor: 'plugin:paved',
                  cluster: cluster.name,
                  namespace: env.namespace,
                  target: `${env.environment} of ${env.team}`,
                  outcome: 'succeeded',
                  message:
                    reason === 'abandoned'
                      ? 'half-made by a failed create or clone'
                      : `expired ${env.expiresAt ?? ''}`.trim(),
                },
              );
            },
          });
        } catch (error) {
          log.warn(`Environment cleanup failed: ${error}`);
        }
      }
    },
  });
}
