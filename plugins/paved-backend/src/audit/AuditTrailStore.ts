import { InputError } from '@backstage/errors';
import {
  AuditEntry,
  AuditOutcome,
  auditOutcomeSchema,
} from '@paved/plugin-paved-common';
import { redactSecrets } from '@paved/plugin-paved-node';
import {
  JsonObject,
  Timestamp,
  parseJsonObject,
  readTimestamp,
} from '../database/json';
import {
  requireOneOf,
  requirePageSize,
  requireText,
} from '../database/inputChecks';
import { PavedStore } from '../database/PavedStore';

const TABLE = 'paved_audit_events';

/** What was done. */
export type AuditAction =
  | 'kubernetes.apply'
  | 'environment.create'
  | 'environment.clone'
  | 'environment.delete'
  | 'environment.cleanup'
  | 'approval.request'
  | 'approval.approve'
  | 'approval.reject'
  | (string & {});

/** One entry of the audit trail, as stored. `at` is ISO 8601 (UTC). */
export interface AuditEvent extends Omit<AuditEntry, 'details'> {
  id: string;
  at: string;
  action: AuditAction;
  details?: JsonObject;
}

/** Input of {@link AuditTrailStore.record}: an entry, at a time that defaults to now. */
export interface NewAuditEvent extends AuditEntry {
  action: AuditAction;
  at?: Date;
}

/** Filters of {@link AuditTrailStore.list}; all given filters must match. */
export interface AuditListOptions {
  /** Page size (default 50, at most 500). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  before?: string;
  actor?: string;
  cluster?: string;
  namespace?: string;
  action?: AuditAction | AuditAction[];
  outcome?: AuditOutcome;
}

/** One page of the trail, newest first; `nextCursor` is set when older events remain. */
export interface AuditPage {
  events: AuditEvent[];
  nextCursor?: string;
}

interface AuditRow {
  id: number | string;
  at: Timestamp;
  actor: string;
  action: string;
  cluster: string | null;
  namespace: string | null;
  target: string | null;
  outcome: string;
  message: string | null;
  details: string | null;
}

const EVENT = 'An audit event';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const OUTCOMES = auditOutcomeSchema.options;

/**
 * Paved's audit trail in the plugin's database (SQLite or PostgreSQL): who changed what, where, when, and
 * how it ended. Listed newest first with cursor pagination.
 */
export class AuditTrailStore extends PavedStore {
  /** Appends one event. Secrets in `details` are stored with their keys only, never their values. */
  async record(event: NewAuditEvent): Promise<AuditEvent> {
    const at = event.at ?? new Date();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      throw new InputError('An audit event needs a valid time (at)');
    }
    requireText(EVENT, 'actor', event.actor, 255);
    requireText(EVENT, 'action', event.action, 64);
    requireOneOf('audit outcome', event.outcome, OUTCOMES);
    for (const field of ['cluster', 'namespace'] as const) {
      const value = event[field];
      if (value !== undefined) requireText(EVENT, field, value, 255);
    }
    const row: Omit<AuditRow, 'id'> = {
      at,
      actor: event.actor,
      action: event.action,
      cluster: event.cluster ?? null,
      namespace: event.namespace ?? null,
      target: event.target ?? null,
      outcome: event.outcome,
      message: event.message ?? null,
      details: event.details
        ? JSON.stringify(redactSecrets(event.details))
        : null,
    };
    const [inserted] = await this.db<AuditRow>(TABLE).insert(row, ['id']);
    // PostgreSQL and SQLite return the row; a driver without RETURNING returns the id itself
    const id =
      typeof inserted === 'object' && inserted !== null
        ? inserted.id
        : (inserted as number | string);
    return toEvent({ ...row, id });
  }

  /** A page of events matching the filters, newest first. */
  async list(options: AuditListOptions = {}): Promise<AuditPage> {
    const limit = options.limit ?? DEFAULT_LIMIT;
    requirePageSize(limit, MAX_LIMIT);
    if (options.outcome !== undefined) {
      requireOneOf('audit outcome', options.outcome, OUTCOMES);
    }
    const actions =
      options.action === undefined
        ? undefined
        : ([] as AuditAction[]).concat(options.action);
    if (actions?.length === 0) {
      return { events: [] };
    }

    const query = this.db<AuditRow>(TABLE);
    if (options.actor !== undefined) query.where('actor', options.actor);
    if (options.cluster !== undefined) query.where('cluster', options.cluster);
    if (options.namespace !== undefined) {
      query.where('namespace', options.namespace);
    }
    if (actions) query.whereIn('action', actions);
    if (options.outcome !== undefined) query.where('outcome', options.outcome);
    if (options.before !== undefined) {
      const cursor = decodeCursor(options.before);
      query.where(q =>
        q
          .where('at', '<', cursor.at)
          .orWhere(p =>
            p.where('at', '=', cursor.at).andWhere('id', '<', cursor.id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit + 1);
    const events = rows.slice(0, limit).map(toEvent);
    const last = events[events.length - 1];
    return rows.length > limit && last
      ? { events, nextCursor: encodeCursor(last) }
      : { events };
  }
}

function toEvent(row: AuditRow): AuditEvent {
  const details = parseJsonObject(row.details);
  return {
    id: String(row.id),
    at: readTimestamp(row.at).toISOString(),
    actor: row.actor,
    action: row.action,
    ...(row.cluster !== null && { cluster: row.cluster }),
    ...(row.namespace !== null && { namespace: row.namespace }),
    ...(row.target !== null && { target: row.target }),
    outcome: row.outcome as AuditOutcome,
    ...(row.message !== null && { message: row.message }),
    ...(details && { details }),
  };
}

// The cursor is the (time, id) of the last event of a page; the next page starts strictly before it.
function encodeCursor(event: AuditEvent): string {
  return Buffer.from(`${Date.parse(event.at)}:${event.id}`, 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { at: Date; id: number } {
  const match = /^(\d+):(\d+)$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  const id = match ? Number(match[2]) : NaN;
  if (!match || !Number.isSafeInteger(id)) {
    throw new InputError(
      `Invalid audit trail cursor "${cursor}"; pass the nextCursor of the previous page unchanged`,
    );
  }
  return { at: new Date(Number(match[1])), id };
}
