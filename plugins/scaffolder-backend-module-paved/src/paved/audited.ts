import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import { redactSecrets } from '@paved/plugin-paved-node';
import { AuditTrailEntry, PavedBackendClient } from './PavedBackendClient';

const REFUSALS = new Set([
  'NotAllowedError',
  'ConflictError',
  'InputError',
  'GuardrailError',
  'AuthenticationError',
]);

/** What an action changes, for Backstage's auditor and Paved's audit trail. */
export interface AuditedMutation {
  eventId: string;
  action: string;
  actor: string;
  cluster?: string;
  namespace?: string;
  target?: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  meta?: Record<string, unknown>;
}

/**
 * Runs a mutation with an auditor event around it, then adds the outcome to the trail: `refused` when
 * permissions, guardrails or input stopped it before anything changed, `failed` for other errors. Secrets
 * in `meta` are recorded with their keys only.
 */
export async function audited<T>(
  deps: { auditor?: AuditorService; paved?: PavedBackendClient },
  mutation: AuditedMutation,
  run: () => Promise<T>,
  describe?: (result: T) => {
    outcome?: AuditTrailEntry['outcome'];
    message?: string;
    meta?: Record<string, unknown>;
  },
): Promise<T> {
  const event = await deps.auditor?.createEvent({
    eventId: mutation.eventId,
    severityLevel: mutation.severityLevel ?? 'medium',
    meta: redactSecrets({
      actor: mutation.actor,
      cluster: mutation.cluster,
      namespace: mutation.namespace,
      ...mutation.meta,
    }),
  });
  const entry = {
    actor: mutation.actor,
    action: mutation.action,
    ...(mutation.cluster ? { cluster: mutation.cluster } : {}),
    ...(mutation.namespace ? { namespace: mutation.namespace } : {}),
    ...(mutation.target ? { target: mutation.target } : {}),
  };
  try {
    const result = await run();
    const described = describe?.(result) ?? {};
    const meta = described.meta && redactSecrets(described.meta);
    await event?.success({
      meta: { outcome: described.outcome ?? 'succeeded', ...meta },
    });
    await deps.paved?.recordAudit({
      ...entry,
      outcome: described.outcome ?? 'succeeded',
      ...(described.message ? { message: described.message } : {}),
      ...(meta ? { details: meta } : {}),
    });
    return result;
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    await event?.fail({ error: err });
    await deps.paved?.recordAudit({
      ...entry,
      outcome: REFUSALS.has(err.name) ? 'refused' : 'failed',
      message: err.message.slice(0, 4000),
    });
    throw error;
  }
}
