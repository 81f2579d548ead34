import { recordMutationOutcome } from '@paved/plugin-paved-node';
import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { MAX_WAIT_SECONDS } from './kinds/ApprovalKind';
import { ApprovalStore } from './ApprovalStore';

/** How long after its approval a change's run counts as interrupted when it has reported nothing. */
export const INTERRUPTED_AFTER_SECONDS = MAX_WAIT_SECONDS + 600;

/**
 * One housekeeping pass: marks pending requests past their expiry as expired, and gives approved changes
 * whose run never reported back (the backend stopped mid-run) the outcome `failed`, in the audit trail too.
 */
export async function approvalHousekeeping(options: {
  store: ApprovalStore;
  trail: AuditTrailStore;
  auditor: AuditorService;
  logger: LoggerService;
  now?: Date;
}) {
  const { store, trail, auditor, logger } = options;
  const now = options.now ?? new Date();
  const expired = await store.expireStale(now);
  const interrupted = await store.failInterrupted({
    decidedBefore: new Date(now.getTime() - INTERRUPTED_AFTER_SECONDS * 1000),
    now,
  });
  for (const request of interrupted) {
    logger.warn(
      `Approved change ${request.id} (${request.summary}) never finished; marked failed`,
    );
    await recordMutationOutcome(
      { auditor, trail, logger },
      {
        action:
          request.kind === 'environment-clone'
            ? 'environment.clone'
            : 'kubernetes.apply',
        actor: 'plugin:paved',
        cluster: request.cluster,
        namespace: request.namespace,
        target: request.summary,
        outcome: 'failed',
        message: request.outcomeMessage,
        details: {
          approvalId: request.id,
          requestedBy: request.requestedBy,
          approvedBy: request.decidedBy,
        },
      },
    );
  }
  return { expired, interrupted: interrupted.length };
}

/** Runs {@link approvalHousekeeping} every five minutes, on one backend replica at a time. */
export async function scheduleApprovalHousekeeping(options: {
  scheduler: SchedulerService;
  store: ApprovalStore;
  trail: AuditTrailStore;
  auditor: AuditorService;
  logger: LoggerService;
}) {
  await options.scheduler.scheduleTask({
    id: 'paved-approval-housekeeping',
    frequency: { minutes: 5 },
    timeout: { minutes: 2 },
    initialDelay: { seconds: 30 },
    fn: async () => {
      try {
        await approvalHousekeeping(options);
      } catch (error) {
        options.logger.warn(`Approval housekeeping failed: ${error}`);
      }
    },
  });
}
