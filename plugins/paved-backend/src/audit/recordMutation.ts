import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { redactSecrets } from '@paved/plugin-paved-node';
import { JsonObject } from '../database/json';
import { AuditAction, AuditOutcome, AuditTrailStore } from './AuditTrailStore';

/** Where a mutation is recorded: Backstage's auditor (logs) and Paved's own trail (the admin UI). */
export interface MutationAuditDeps {
  auditor: AuditorService;
  trail: AuditTrailStore;
  logger: LoggerService;
}

/** Who changes what, and where. */
export interface MutationDescription {
  action: AuditAction;
  /** User ref of who asked for the change. */
  actor: string;
  cluster?: string;
  namespace?: string;
  target?: string;
  details?: JsonObject;
  /** Auditor severity; default `medium` (a write). */
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** The HTTP request that asked for the change, when there is one (the auditor reads caller and IP). */
  request?: AuditorServiceCreateEventOptions['request'];
}

/** How a mutation that did not throw ended. */
export interface MutationResultSummary {
  /** `requested` when the change became an approval request instead of running; default `succeeded`. */
  outcome?: 'succeeded' | 'requested';
  message?: string;
  details?: JsonObject;
}

// Errors that mean "turned down before anything changed"; everything else is a failure.
const REFUSALS = new Set([
  'NotAllowedError',
  'ConflictError',
  'AuthenticationError',
  'InputError',
]);

/**
 * Runs a mutation and records it in both places: an auditor event (initiated, then succeeded or failed)
 * and one row in the audit trail with the final outcome. The mutation's result or error is passed through
 * unchanged; a failure to write the record afterwards is logged, not thrown, because the change has
 * already happened.
 *
 * @example
 * ```ts
 * const result = await recordMutation(
 *   { auditor, trail, logger },
 *   { action: 'kubernetes.apply', actor: user, cluster, namespace, request: req },
 *   () => engine.apply(plan),
 *   r => ({ message: `${r.applied.length} object(s) applied` }),
 * );
 * ```
 */
export async function recordMutation<T>(
  deps: MutationAuditDeps,
  mutation: MutationDescription,
  run: () => Promise<T>,
  summarize?: (result: T) => MutationResultSummary,
): Promise<T> {
  const event = await deps.auditor.createEvent(auditorOptions(mutation));
  let result: T;
  try {
    result = await run();
  } catch (error) {
    const err = toError(error);
    const outcome: AuditOutcome = REFUSALS.has(err.name) ? 'refused' : 'failed';
    await settle(deps, mutation, {
      outcome,
      message: err.message,
      emit: () => event.fail({ error: asError(err), meta: { outcome } }),
    });
    throw error;
  }
  const summary = summarize?.(result) ?? {};
  const outcome = summary.outcome ?? 'succeeded';
  await settle(deps, mutation, {
    outcome,
    message: summary.message,
    details: summary.details,
    emit: () =>
      event.success({
        meta: {
          outcome,
          ...(summary.details && { result: redactSecrets(summary.details) }),
        },
      }),
  });
  return result;
}

/**
 * Records a mutation whose outcome is already known (a scheduled deletion, a refusal decided before
 * anything ran, an approval decision), in both the auditor and the trail. Recording failures are logged.
 */
export async function recordMutationOutcome(
  deps: MutationAuditDeps,
  mutation: MutationDescription & {
    outcome: AuditOutcome;
    message?: string;
    /** The error of a `failed` or `refused` mutation. */
    error?: unknown;
  },
): Promise<void> {
  const { outcome, message, error, ...description } = mutation;
  const failed = outcome === 'failed' || outcome === 'refused';
  let err: Error | undefined;
  if (failed) {
    err =
      error === undefined
        ? new Error(message ?? `${mutation.action} ${outcome}`)
        : asError(toError(error));
  }
  await settle(deps, description, {
    outcome,
    message: message ?? err?.message,
    emit: async () => {
      const event = await deps.auditor.createEvent(auditorOptions(description));
      if (err) {
        await event.fail({ error: err, meta: { outcome } });
      } else {
        await event.success({ meta: { outcome } });
      }
    },
  });
}

function auditorOptions(
  mutation: MutationDescription,
): AuditorServiceCreateEventOptions {
  return {
    // kebab-case event ids; the auditor adds the plugin id
    eventId: mutation.action.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase(),
    severityLevel: mutation.severityLevel ?? 'medium',
    ...(mutation.request && { request: mutation.request }),
    meta: {
      actor: mutation.actor,
      ...(mutation.cluster !== undefined && { cluster: mutation.cluster }),
      ...(mutation.namespace !== undefined && {
        namespace: mutation.namespace,
      }),
      ...(mutation.target !== undefined && { target: mutation.target }),
      ...(mutation.details && { details: redactSecrets(mutation.details) }),
    },
  };
}

async function settle(
  deps: MutationAuditDeps,
  mutation: MutationDescription,
  end: {
    outcome: AuditOutcome;
    message?: string;
    details?: JsonObject;
    emit: () => Promise<void>;
  },
): Promise<void> {
  const details =
    mutation.details || end.details
      ? { ...mutation.details, ...end.details }
      : undefined;
  const [emitted, stored] = await Promise.allSettled([
    end.emit(),
    deps.trail.record({
      action: mutation.action,
      actor: mutation.actor,
      outcome: end.outcome,
      ...(mutation.cluster !== undefined && { cluster: mutation.cluster }),
      ...(mutation.namespace !== undefined && {
        namespace: mutation.namespace,
      }),
      ...(mutation.target !== undefined && { target: mutation.target }),
      ...(end.message !== undefined && { message: end.message }),
      ...(details && { details }),
    }),
  ]);
  for (const [what, settled] of [
    ['auditor event', emitted],
    ['audit trail entry', stored],
  ] as const) {
    if (settled.status === 'rejected') {
      deps.logger.error(
        `Could not record the ${what} of ${mutation.action} by ${mutation.actor} (outcome ${end.outcome}): ${settled.reason}`,
        {
          action: mutation.action,
          actor: mutation.actor,
          outcome: end.outcome,
          ...(mutation.cluster !== undefined && { cluster: mutation.cluster }),
          ...(mutation.namespace !== undefined && {
            namespace: mutation.namespace,
          }),
        },
      );
    }
  }
}

// The auditor wants an Error instance; toError may return a plain error-like object.
function asError(error: ReturnType<typeof toError>): Error {
  if (error instanceof Error) return error;
  const wrapped = new Error(error.message);
  wrapped.name = error.name;
  return wrapped;
}
