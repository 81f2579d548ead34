import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { OverBudgetPolicy } from './BudgetChecker';
import { RevisionStore } from './RevisionStore';

/** How many revisions are kept: per environment, and how old (0: any age). */
export interface RevisionRetention {
  keepPerEnvironment: number;
  maxAgeDays: number;
}

/** Defaults of `paved.revisions.retention`. */
export const DEFAULT_REVISION_RETENTION: RevisionRetention = {
  keepPerEnvironment: 1000,
  maxAgeDays: 400,
};

/**
 * `paved.revisions.retention` (`keepPerEnvironment`, at least 1; `maxAgeDays`, 0 for any age); a bad value
 * stops the backend with an error naming the key.
 */
export function readRevisionRetention(config: Config): RevisionRetention {
  const c = config.getOptionalConfig('paved.revisions.retention');
  const keep =
    c?.getOptionalNumber('keepPerEnvironment') ??
    DEFAULT_REVISION_RETENTION.keepPerEnvironment;
  const days =
    c?.getOptionalNumber('maxAgeDays') ?? DEFAULT_REVISION_RETENTION.maxAgeDays;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new InputError(
      `paved.revisions.retention.keepPerEnvironment must be a whole number from 1, got ${keep}`,
    );
  }
  if (!Number.isInteger(days) || days < 0) {
    throw new InputError(
      `paved.revisions.retention.maxAgeDays must be a whole number of days (0 keeps revisions of any age), got ${days}`,
    );
  }
  return { keepPerEnvironment: keep, maxAgeDays: days };
}

/** `paved.changes.overBudget`: `approval` (default) or `warn`. */
export function readOverBudgetPolicy(config: Config): OverBudgetPolicy {
  const value =
    config.getOptionalString('paved.changes.overBudget') ?? 'approval';
  if (value !== 'approval' && value !== 'warn') {
    throw new InputError(
      `paved.changes.overBudget must be "approval" (a team lead approves a change that pushes the team over its budget) or "warn", got "${value}"`,
    );
  }
  return value;
}

/** Deletes revisions beyond the retention once an hour, on one backend replica at a time. */
export async function scheduleRevisionRetention(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  store: RevisionStore;
  retention: RevisionRetention;
}) {
  const { store, retention, logger } = options;
  await options.scheduler.scheduleTask({
    id: 'paved-revision-retention',
    frequency: { hours: 1 },
    timeout: { minutes: 10 },
    initialDelay: { minutes: 1 },
    fn: async () => {
      try {
        const removed = await store.prune({
          keep: retention.keepPerEnvironment,
          maxAgeDays: retention.maxAgeDays,
        });
        if (removed > 0) {
          logger.info(`Removed ${removed} revision(s) beyond the retention`);
        }
      } catch (error) {
        logger.warn(`Revision retention failed: ${error}`);
      }
    },
  });
}
