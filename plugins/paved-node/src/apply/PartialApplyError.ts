import { CustomErrorBase } from '@backstage/errors';
import { mayHaveTakenEffect } from '../cluster/KubernetesClient';
import { objectLabel } from './objectLabel';
import { AppliedObject } from './types';

/**
 * One Kubernetes object by kind, namespace and name.
 *
 * @public
 */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * An object whose apply failed, and why. `mayHaveApplied` is true when the API server's answer was lost
 * (a timeout or a broken connection after sending): the change may have landed; applying again settles it.
 *
 * @public
 */
export interface FailedObject {
  ref: ObjectRef;
  reason: string;
  mayHaveApplied?: boolean;
}

/**
 * What an apply of several objects did before it failed, as recorded in the audit trail.
 *
 * @public
 */
export interface PartialApplyReport {
  cluster: string;
  applied: AppliedObject[];
  failed: FailedObject[];
  /** Objects not sent at all, because an earlier step of the apply (Namespaces and CRDs first) failed. */
  notAttempted: ObjectRef[];
}

/** Most objects named one by one in a message; the rest are counted. */
const NAMED_IN_MESSAGE = 20;

function names(refs: ObjectRef[]): string {
  const shown = refs.slice(0, NAMED_IN_MESSAGE).map(objectLabel).join(', ');
  const more = refs.length - NAMED_IN_MESSAGE;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** The HTTP status Backstage's error handler gives an error of this name. */
const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
  GuardrailError: 422,
};

/**
 * An apply of several objects that failed part of the way: which objects were applied (with their outcome),
 * which failed and why, and which were never sent. Its message names them all (up to 20 per list) and the
 * cluster; its HTTP status is that of the first failure (e.g. 503 for an unreachable API server, 409 for a
 * field conflict). Applying the same objects again converges: server-side apply is idempotent.
 *
 * @public
 */
export class PartialApplyError extends CustomErrorBase {
  name = 'PartialApplyError' as const;
  readonly statusCode: number;
  readonly cluster: string;
  readonly applied: AppliedObject[];
  readonly failed: FailedObject[];
  readonly notAttempted: ObjectRef[];

  constructor(report: PartialApplyReport, cause: unknown) {
    const notApplied = [
      ...report.failed.map(f => f.ref),
      ...report.notAttempted,
    ];
    const total = report.applied.length + notApplied.length;
    const lines = [
      `Apply to cluster ${report.cluster} failed after ${report.applied.length} of ${total} object(s)`,
      `applied: ${report.applied.length > 0 ? names(report.applied) : 'none'}`,
      `not applied: ${names(notApplied)}`,
      ...report.failed.map(
        f =>
          `${objectLabel(f.ref)} failed: ${f.reason}${
            f.mayHaveApplied
              ? ' (its answer was lost: it may have been applied)'
              : ''
          }`,
      ),
      'applying the same objects again finishes the change',
    ];
    // the first failure is named above already; the cause is kept without repeating it in the message
    super(lines.join('; '));
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false });
    this.cluster = report.cluster;
    this.applied = report.applied;
    this.failed = report.failed;
    this.notAttempted = report.notAttempted;
    const first = cause as { name?: string; statusCode?: unknown } | undefined;
    this.statusCode =
      typeof first?.statusCode === 'number'
        ? first.statusCode
        : STATUS_BY_NAME[first?.name ?? ''] ?? 500;
  }

  /** Every object that was not applied: the failed ones, then those never sent. */
  get notApplied(): ObjectRef[] {
    return [...this.failed.map(f => f.ref), ...this.notAttempted];
  }

  /** The report as plain data, for the audit trail and logs. */
  toReport(): PartialApplyReport {
    return {
      cluster: this.cluster,
      applied: this.applied,
      failed: this.failed,
      notAttempted: this.notAttempted,
    };
  }
}

/**
 * Whether an error is a {@link PartialApplyError} (by name, so it holds across package copies).
 *
 * @public
 */
export function isPartialApplyError(
  error: unknown,
): error is PartialApplyError {
  if (!error || typeof error !== 'object') return false;
  const candidate = error as { name?: unknown; applied?: unknown };
  return (
    candidate.name === 'PartialApplyError' && Array.isArray(candidate.applied)
  );
}

/**
 * The facts an audit trail records about a failed apply: what was applied and what was not, by name.
 * Undefined for any other error.
 *
 * @public
 */
export function partialApplyDetails(
  error: unknown,
): Record<string, unknown> | undefined {
  if (!isPartialApplyError(error)) return undefined;
  return {
    cluster: error.cluster,
    applied: error.applied.map(a => `${objectLabel(a)} ${a.result}`),
    notApplied: error.notApplied.map(objectLabel),
    failed: error.failed.map(f => ({
      object: objectLabel(f.ref),
      reason: f.reason,
      ...(f.mayHaveApplied ? { mayHaveApplied: true } : {}),
    })),
  };
}

/**
 * The failure of one object, from the error its apply threw.
 *
 * @public
 */
export function failedObject(ref: ObjectRef, error: unknown): FailedObject {
  const err = error as Error | undefined;
  return {
    ref: {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      name: ref.name,
    },
    reason: String(err?.message ?? error),
    ...(mayHaveTakenEffect(error) ? { mayHaveApplied: true } : {}),
  };
}
