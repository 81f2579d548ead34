import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { toError } from '@backstage/errors';
import { AuditEntry, AuditOutcome } from '@paved/plugin-paved-common';
import { redactSecrets } from '../secrets/redact';
import {
  isPartialApplyError,
  partialApplyDetails,
} from '../apply/PartialApplyError';

/**
 * Paved's audit trail as a mutation records into it: the backend's own store, or the backend's
 * `POST /audit/events` seen from another plugin.
 *
 * @public
 */
export interface AuditTrail {
  record(entry: AuditEntry): Promise<unknown>;
}

/**
 * Where a mutation is recorded: Backstage's auditor (logs) and Paved's trail (the admin UI). Either may be
 * left out; a failure to record is logged with `logger` when there is one, and never thrown.
 *
 * @public
 */
export interface MutationAuditDeps {
  auditor?: AuditorService;
  trail?: AuditTrail;
  logger?: LoggerService;
}

/**
 * Who changes what, and where.
 *
 * @public
 */
export interface MutationDescription {
  /** What is done, e.g. `kubernetes.apply`. */
  action: string;
  /** User ref of who asked for the change. */
  actor: string;
  cluster?: string;
  namespace?: string;
  target?: string;
  /** Facts recorded with the change; secret values are recorded with their keys only. */
  details?: Record<string, unknown>;
  /** The auditor's event id; default the action in kebab-case (`kubernetes.apply` → `kubernetes-apply`). */
  eventId?: string;
  /** Auditor severity; default `medium` (a write). */
  severityLevel?: AuditorServiceEventSeverityLevel;
  /** The HTTP request that asked for the change, when there is one (the auditor reads caller and IP). */
  request?: AuditorServiceCreateEventOptions['request'];
}

/**
 * How a mutation that did not throw ended.
 *
 * @public
 */
export interface MutationResultSummary {
  /** `requested` when the change became an approval request instead of running; default `succeeded`. */
  outcome?: Extract<AuditOutcome, 'succeeded' | 'requested'>;
  message?: string;
  details?: Record<string, unknown>;
}

// Errors that mean "turned down before anything changed"; everything else is a failure.
const REFUSALS = new Set([
  'NotAllowedError',
  'ConflictError',
  'AuthenticationError',
  'InputError',
  'GuardrailError',
]);

/**
 * The outcome of a mutation that threw: `refused` when permissions, guardrails, a conflict or the input
 * stopped it before anything changed, `failed` otherwise. A partial apply is `failed` once anything may have
 * been applied; when nothing was, it is judged by its first failure.
 *
 * @public
 */
export function outcomeOfError(error: unknown): 'refused' | 'failed' {
  if (isPartialApplyError(error)) {
    const changed =
      error.applied.length > 0 || error.failed.some(f => f.mayHaveApplied);
    return changed ? 'failed' : outcomeOfError(error.cause);
  }
  return REFUSALS.has(toError(error).name) ? 'refused' : 'failed';
}

/**
 * Runs a mutation and records it in both places: an auditor event (initiated, then succeeded or failed)
 * and one trail entry with the final outcome. The mutation's result or error is passed through unchanged;
 * a failure to record afterwards is logged, not thrown, because the change has already happened.
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
 *
 * @public
 */
export async function recordMutation<T>(
  deps: MutationAuditDeps,
  mutation: MutationDescription,
  run: () => Promise<T>,
  summarize?: (result: T) => MutationResultSummary,
): Promise<T> {
  const event = await deps.auditor?.createEvent(auditorOptions(mutation));
  let result: T;
  try {
    result = await run();
  } catch (error) {
    const err = asError(error);
    const outcome = outcomeOfError(err);
    // what a partial apply changed and did not change
    const partial = partialApplyDetails(error);
    await settle(deps, mutation, {
      outcome,
      message: err.message,
      ...(partial && { details: partial }),
      emit: async () =>
        event?.fail({
          error: err,
          meta: { outcome, ...(partial && { result: auditorJson(partial) }) },
        }),
    });
    throw error;
  }
  const summary = summarize?.(result) ?? {};
  const outcome = summary.outcome ?? 'succeeded';
  await settle(deps, mutation, {
    outcome,
    message: summary.message,
    details: summary.details,
    emit: async () =>
      event?.success({
        meta: {
          outcome,
          ...(summary.details && { result: auditorJson(summary.details) }),
        },
      }),
  });
  return result;
}

/**
 * Records a mutation whose outcome is already known (a scheduled deletion, a refusal decided before
 * anything ran, an approval decision), in both the auditor and the trail. Recording failures are logged.
 *
 * @public
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
  let err: Error | undefined;
  if (outcome === 'failed' || outcome === 'refused') {
    err =
      error === undefined
        ? new Error(message ?? `${mutation.action} ${outcome}`)
        : asError(error);
  }
  await settle(deps, description, {
    outcome,
    message: message ?? err?.message,
    emit: async () => {
      const event = await deps.auditor?.createEvent(
        auditorOptions(description),
      );
      if (err) {
        await event?.fail({ error: err, meta: { outcome } });
      } else {
        await event?.success({ meta: { outcome } });
      }
    },
  });
}

type AuditorMeta = NonNullable<AuditorServiceCreateEventOptions['meta']>;

/** Facts as the auditor logs them: a JSON copy, secret values redacted (keys only). */
function auditorJson(facts: Record<string, unknown>): AuditorMeta {
  return JSON.parse(JSON.stringify(redactSecrets(facts)));
}

/** Where a mutation happened, without the fields it leaves out. */
function place(mutation: MutationDescription) {
  return {
    ...(mutation.cluster !== undefined && { cluster: mutation.cluster }),
    ...(mutation.namespace !== undefined && { namespace: mutation.namespace }),
  };
}

function auditorOptions(
  mutation: MutationDescription,
): AuditorServiceCreateEventOptions {
  return {
    // kebab-case event ids; the auditor adds the plugin id
    eventId:
      mutation.eventId ??
      mutation.action.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase(),
    severityLevel: mutation.severityLevel ?? 'medium',
    ...(mutation.request && { request: mutation.request }),
    meta: {
      actor: mutation.actor,
      ...place(mutation),
      ...(mutation.target !== undefined && { target: mutation.target }),
      ...(mutation.details && { details: auditorJson(mutation.details) }),
    },
  };
}

async function settle(
  deps: MutationAuditDeps,
  mutation: MutationDescription,
  end: {
    outcome: AuditOutcome;
    message?: string;
    details?: Record<string, unknown>;
    emit: () => Promise<void>;
  },
): Promise<void> {
  const details =
    mutation.details || end.details
      ? { ...mutation.details, ...end.details }
      : undefined;
  const { action, actor } = mutation;
  const [emitted, stored] = await Promise.allSettled([
    end.emit(),
    deps.trail?.record({
      action,
      actor,
      outcome: end.outcome,
      ...place(mutation),
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
      deps.logger?.error(
        `Could not record the ${what} of ${action} by ${actor} (outcome ${end.outcome}): ${settled.reason}`,
        { action, actor, outcome: end.outcome, ...place(mutation) },
      );
    }
  }
}

// The auditor wants an Error instance; toError may return a plain error-like object.
function asError(error: unknown): Error {
  const err = toError(error);
  if (err instanceof Error) return err;
  const wrapped = new Error(err.message);
  wrapped.name = err.name;
  return wrapped;
}
