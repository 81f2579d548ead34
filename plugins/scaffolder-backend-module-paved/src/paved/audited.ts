import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { AUDIT_ENTRY_LIMITS } from '@paved/plugin-paved-common';
import {
  AuditTrail,
  MutationResultSummary,
  recordMutation,
} from '@paved/plugin-paved-node';
import { PavedBackendClient } from '@paved/plugin-paved-node';

/** What an action changes, for Backstage's auditor and Paved's audit trail. */
export interface AuditedMutation {
  /** The auditor's event id, e.g. `environment-create`. */
  eventId: string;
  action: string;
  actor: string;
  cluster?: string;
  namespace?: string;
  target?: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** Facts recorded with the change, e.g. the objects written. */
  meta?: Record<string, unknown>;
}

/**
 * The Paved backend's trail as seen from the scaffolder: entries sent to `POST /audit/events`, with a
 * failure message cut to what the endpoint accepts.
 */
function backendTrail(paved: PavedBackendClient): AuditTrail {
  return {
    record: entry =>
      paved.recordAudit({
        ...entry,
        ...(entry.message !== undefined && {
          message: entry.message.slice(0, AUDIT_ENTRY_LIMITS.message),
        }),
      }),
  };
}

/**
 * Runs an action's mutation with Paved's one audit wrapper: an auditor event around it, then the outcome in
 * the backend's trail — `refused` when permissions, guardrails or input stopped it before anything changed,
 * `failed` for other errors. Secrets in `meta` are recorded with their keys only.
 */
export async function audited<T>(
  deps: { auditor?: AuditorService; paved?: PavedBackendClient },
  mutation: AuditedMutation,
  run: () => Promise<T>,
  describe?: (result: T) => {
    outcome?: MutationResultSummary['outcome'];
    message?: string;
    meta?: Record<string, unknown>;
  },
): Promise<T> {
  const { meta, ...description } = mutation;
  return recordMutation(
    {
      auditor: deps.auditor,
      ...(deps.paved && { trail: backendTrail(deps.paved) }),
    },
    { ...description, ...(meta && { details: meta }) },
    run,
    describe &&
      (result => {
        const { meta: details, ...summary } = describe(result);
        return { ...summary, ...(details && { details }) };
      }),
  );
}
