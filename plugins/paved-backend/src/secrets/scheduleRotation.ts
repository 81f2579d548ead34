import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import {
  ClusterRegistry,
  MutationAuditDeps,
  SecretService,
  listEnvironments,
  recordMutation,
} from '@paved/plugin-paved-node';

/** Who scheduled rotations are recorded as. */
export const ROTATION_ACTOR = 'paved:rotation';

/**
 * One pass of the rotation schedule: every Secret with a due schedule in every environment is given new
 * generated values and its readers are restarted, each audited as `secret.rotate` by `paved:rotation` (keys
 * and restarted workloads, never values). A failure is audited and logged, and the rest go on.
 */
export async function rotateDueSecrets(deps: {
  clusters: ClusterRegistry;
  secrets: SecretService;
  audit: MutationAuditDeps;
  logger: LoggerService;
  now?: Date;
  /** Stops before the next environment once aborted (the backend is shutting down). */
  signal?: AbortSignal;
}): Promise<number> {
  let rotated = 0;
  for (const cluster of deps.clusters.list()) {
    if (deps.signal?.aborted) break;
    const service = await deps.clusters.client(cluster.name);
    const environments = await listEnvironments(service, {}).catch(error => {
      deps.logger.warn(
        `Secret rotation: cannot list the environments of ${cluster.name}: ${error}`,
      );
      return [];
    });
    for (const env of environments) {
      if (deps.signal?.aborted) break;
      const due = await deps.secrets
        .dueRotations(cluster.name, env.namespace, deps.now)
        .catch(() => []);
      for (const { secretName, schedule } of due) {
        try {
          await recordMutation(
            deps.audit,
            {
              action: 'secret.rotate',
              actor: ROTATION_ACTOR,
              cluster: cluster.name,
              namespace: env.namespace,
              target: `Secret ${secretName}`,
              details: { secret: secretName, every: schedule.every },
            },
            () =>
              deps.secrets.rotate({
                cluster: cluster.name,
                namespace: env.namespace,
                team: env.team,
                secretName,
                schedule,
                by: ROTATION_ACTOR,
              }),
            result => ({
              message: `rotated ${result.keys.join(', ')}; restarted ${
                result.restarted.join(', ') || 'no workload'
              }`,
              details: { keys: result.keys, restarted: result.restarted },
            }),
          );
          rotated++;
        } catch (error) {
          deps.logger.warn(
            `Secret rotation of ${cluster.name}/${env.namespace}/${secretName} failed: ${error}`,
          );
        }
      }
    }
  }
  return rotated;
}

/**
 * Runs {@link rotateDueSecrets} every `intervalSeconds` on one replica (`paved.secrets.rotation.checkIntervalSeconds`).
 */
export async function scheduleSecretRotation(
  deps: Parameters<typeof rotateDueSecrets>[0] & {
    scheduler: SchedulerService;
    intervalSeconds: number;
  },
) {
  await deps.scheduler.scheduleTask({
    id: 'paved-secret-rotation',
    frequency: { seconds: deps.intervalSeconds },
    timeout: { minutes: 10 },
    initialDelay: { seconds: Math.min(deps.intervalSeconds, 30) },
    fn: async signal => {
      await rotateDueSecrets({ ...deps, signal });
    },
  });
}
