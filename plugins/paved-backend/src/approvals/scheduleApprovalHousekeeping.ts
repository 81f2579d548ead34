import { recordMutationOutcome } from '@paved/plugin-paved-node';
import {
  AuditorService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { MAX_WAIT_SECONDS } from './kinds/ApprovalKind';
import { ApprovalStore } from './ApprovalStore';
import type { ApprovalService } from './ApprovalService';
import { ApprovalRequest } from './ApprovalRequest';

/** How long after its approval a change's run counts as interrupted when it has reported nothing. */
export const INTERRUPTED_AFTER_SECONDS = MAX_WAIT_SECONDS + 600;

/**
 * One housekeeping pass: marks pending requests past their expiry as expired; with `approvals`, takes over
 * the runs of approved changes whose backend stopped heartbeating (`resumeAbandoned`: finished here, or
 * recorded as interrupted); and gives approved changes whose run never reported back after
 * {@link INTERRUPTED_AFTER_SECONDS} (rows without a lease) the outcome `failed`, in the audit trail too.
 * Stops between steps once `signal` aborts (the backend is shutting down).
 */
export async function approvalHousekeeping(options: {
  store: ApprovalStore;
  trail: AuditTrailStore;
  auditor: AuditorService;
  logger: LoggerService;
  approvals?: Pick<ApprovalService, 'resumeAbandoned'>;
  signal?: AbortSignal;
  now?: Date;
}) {
  const { store, signal } = options;
  const now = options.now ?? new Date();
  const expired = await store.expireStale(now);
  if (signal?.aborted) return { expired, resumed: 0, interrupted: 0 };
  const resumed = (await options.approvals?.resumeAbandoned()) ?? [];
  const resumedFailed = resumed.filter(
    r => r.outcome === 'failed' && r.outcomeMessage?.startsWith('interrupted:'),
  );
  if (signal?.aborted) {
    await auditInterrupted(options, resumedFailed);
    return {
      expired,
      resumed: resumed.length,
      interrupted: resumedFailed.length,
    };
  }
  const interrupted = await store.failInterrupted({
    decidedBefore: new Date(now.getTime() - INTERRUPTED_AFTER_SECONDS * 1000),
    now,
  });
  await auditInterrupted(options, [...resumedFailed, ...interrupted]);
  return {
    expired,
    resumed: resumed.length,
    interrupted: resumedFailed.length + interrupted.length,
  };
}

/** Audits approved changes recorded as interrupted (`failed`), as the plugin. */
export async function auditInterrupted(
  options: {
    trail: AuditTrailStore;
    auditor: AuditorService;
    logger: LoggerService;
  },
  requests: ApprovalRequest[],
) {
  const { trail, auditor, logger } = options;
  for (const request of requests) {
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
}

/**
 * Runs {@link approvalHousekeeping} every `frequencySeconds` (`paved.approvals.housekeeping.frequencySeconds`,
 * default 60), on one backend replica at a time; the pass stops early when the scheduler aborts it.
 */
export async function scheduleApprovalHousekeeping(options: {
  scheduler: SchedulerService;
  store: ApprovalStore;
  trail: AuditTrailStore;
  auditor: AuditorService;
  logger: LoggerService;
  approvals?: Pick<ApprovalService, 'resumeAbandoned'>;
  frequencySeconds?: number;
}) {
  const seconds = options.frequencySeconds ?? 60;
  await options.scheduler.scheduleTask({
    id: 'paved-approval-housekeeping',
    frequency: { seconds },
    timeout: { minutes: 2 },
    initialDelay: { seconds: Math.min(30, seconds) },
    fn: async signal => {
      try {
        await approvalHousekeeping({ ...options, signal });
      } catch (error) {
        options.logger.warn(`Approval housekeeping failed: ${error}`);
      }
    },
  });
}
