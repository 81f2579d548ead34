import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { redactSecrets } from '@paved/plugin-paved-node';
import { JsonObject, parseJsonObject, readTimestamp } from '../database/json';
import { Knex, migrateDatabase } from '../database/migrateDatabase';

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

/**
 * How it ended: `refused` when Paved or the cluster turned it down before anything changed (permissions,
 * guardrails, invalid input), `requested` when it became an approval request instead of running.
 */
export type AuditOutcome = 'succeeded' | 'failed' | 'refused' | 'requested';

/** One entry of the audit trail. `at` is ISO 8601 (UTC). */
export interface AuditEvent {
  id: string;
  at: string;
  /** User ref of who did it (or the plugin, for scheduled work). */
  actor: string;
  action: AuditAction;
  cluster?: string;
  namespace?: string;
  /** What it was done to, e.g. `Deployment/checkout` or a target namespace. */
  target?: string;
  outcome: AuditOutcome;
  message?: string;
  details?: JsonObject;
}

/** Input of {@link AuditTrailStore.record}. */
export interface NewAuditEvent {
  actor: string;
  action: AuditAction;
  outcome: AuditOutcome;
  /** Defaults to now. */
  at?: Date;
  cluster?: string;
  namespace?: string;
  target?: string;
  message?: string;
  details?: JsonObject;
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

type Timestamp = Date | number | string;

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

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const OUTCOMES: readonly AuditOutcome[] = [
  'succeeded',
  'failed',
  'refused',
  'requested',
];

/**
 * Paved's audit trail in the plugin's database (SQLite or PostgreSQL): who changed what, where, when, and
 * how it ended. Listed newest first with cursor pagination.
 */
export class AuditTrailStore {
  private constructor(private readonly db: Knex) {}

  /** Connects to the plugin's database and applies the migrations (unless `migrations.skip` is set). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<AuditTrailStore> {
    return new AuditTrailStore(await migrateDatabase(options.database));
  }

  /** Appends one event. Secrets in `details` are stored with their keys only, never their values. */
  async record(event: NewAuditEvent): Promise<AuditEvent> {
    const at = event.at ?? new Date();
    if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
      throw new InputError('An audit event needs a valid time (at)');
    }
    requireText('actor', event.actor, 255);
    requireText('action', event.action, 64);
    if (!OUTCOMES.includes(event.outcome)) {
      throw new InputError(
        `Unknown audit outcome "${event.outcome}"; use one of ${OUTCOMES.join(
          ', ',
        )}`,
      );
    }
    for (const field of ['cluster', 'namespace'] as const) {
      const value = event[field];
      if (value !== undefined) requireText(field, value, 255);
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
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(
        `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`,
      );
    }
    if (options.outcome !== undefined && !OUTCOMES.includes(options.outcome)) {
      throw new InputError(
        `Unknown audit outcome "${options.outcome}"; use one of ${OUTCOMES.join(
          ', ',
        )}`,
      );
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

function requireText(field: string, value: unknown, max: number) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`An audit event needs ${field} (a non-empty string)`);
  }
  if (value.length > max) {
    throw new InputError(
      `${field} is too long (${value.length} characters, at most ${max})`,
    );
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
