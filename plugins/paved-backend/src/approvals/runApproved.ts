import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterIdentity,
  MutationAuditDeps,
  recordMutation,
} from '@paved/plugin-paved-node';
import { ApprovalRequest } from './ApprovalRequest';
import { ApprovalStore } from './ApprovalStore';
import { ApprovedRun, StoredApproval } from './kinds/ApprovalKind';
import type { RunLeases } from './RunLeases';

/**
 * Runs an approved change as recorded, as the approver, audited as its kind says, and records how it ended
 * with the request: `applied`, or `failed` with the error's message (never thrown: the decision stands).
 * With `leases`, the run holds its lease (claimed or taken over by the caller) and renews it while it runs;
 * `resumedFrom` names the backend whose run this one finishes.
 */
export async function runApproved(
  deps: {
    store: ApprovalStore;
    logger: LoggerService;
    audit: MutationAuditDeps;
    leases?: RunLeases;
  },
  request: ApprovalRequest,
  stored: StoredApproval,
  approver: ClusterIdentity,
  run: ApprovedRun,
  resumedFrom?: string,
): Promise<ApprovalRequest> {
  const go = () => doRun(deps, request, stored, approver, run, resumedFrom);
  return deps.leases ? deps.leases.hold(request.id, go) : go();
}

async function doRun(
  deps: {
    store: ApprovalStore;
    logger: LoggerService;
    audit: MutationAuditDeps;
  },
  request: ApprovalRequest,
  stored: StoredApproval,
  approver: ClusterIdentity,
  run: ApprovedRun,
  resumedFrom: string | undefined,
): Promise<ApprovalRequest> {
  try {
    await recordMutation(
      deps.audit,
      {
        action: stored.runAudit.action,
        actor: approver.user,
        cluster: request.cluster,
        namespace: request.namespace,
        target: request.summary,
        details: {
          approvalId: request.id,
          requestedBy: request.requestedBy,
          approvedBy: approver.user,
          ...(resumedFrom ? { resumedFrom } : {}),
          ...stored.runAudit.details,
        },
      },
      run,
    );
    return await deps.store.recordOutcome(request.id, {
      outcome: 'applied',
      message: `applied by ${approver.user} on behalf of ${
        request.requestedBy
      }${
        resumedFrom
          ? ` (finished by another backend after ${resumedFrom} stopped mid-run)`
          : ''
      }`,
    });
  } catch (error) {
    deps.logger.warn(
      `Approved change ${request.id} failed: ${(error as Error).message}`,
    );
    return deps.store.recordOutcome(request.id, {
      outcome: 'failed',
      message: (error as Error).message,
    });
  }
}
