import { randomUUID } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { JsonObject, parseJsonObject, readTimestamp } from '../database/json';
import { Knex, migrateDatabase } from '../database/migrateDatabase';

const TABLE = 'paved_approval_requests';

/** What runs when a request is approved. */
export type ApprovalKind = 'apply' | 'environment-clone' | (string & {});

/**
 * The decision state of a request. `pending` is the only state a decision can leave; the others are final.
 * A pending request past its expiry is reported as `expired` even before {@link ApprovalStore.expireStale}
 * has marked it.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** What running an approved change did (`undefined` while it runs). */
export type ApprovalOutcome = 'applied' | 'failed';

/** A decision a team lead takes. */
export type ApprovalDecision = 'approve' | 'reject';

/** A change to a protected environment, held for a team lead's decision. Times are ISO 8601 (UTC). */
export interface ApprovalRequest {
  id: string;
  kind: ApprovalKind;
  cluster: string;
  namespace: string;
  /** Group ref of the team whose leads decide. */
  team: string;
  /** User ref of the developer who asked for the change. */
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  /** One-line description for lists and notifications. */
  summary: string;
  /** The rendered diff the deciding lead reviews. */
  diff: string;
  /** The change exactly as recorded; this is what runs on approval. */
  payload: JsonObject;
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  outcome?: ApprovalOutcome;
  outcomeMessage?: string;
  outcomeAt?: string;
  /** Scaffolder task that asked for the change, if any. */
  taskId?: string;
  /** Catalog entity the change belongs to, if any. */
  entityRef?: string;
}

/** Input of {@link ApprovalStore.createRequest}. */
export interface NewApprovalRequest {
  kind: ApprovalKind;
  cluster: string;
  namespace: string;
  team: string;
  requestedBy: string;
  summary: string;
  diff: string;
  payload: JsonObject;
  expiresAt: Date;
  /** Defaults to now. */
  requestedAt?: Date;
  taskId?: string;
  entityRef?: string;
}

/** Filters of {@link ApprovalStore.list}; all given filters must match. */
export interface ApprovalListOptions {
  status?: ApprovalStatus | ApprovalStatus[];
  /** One team's requests. */
  team?: string;
  /** Requests of any of these teams (an empty list matches nothing). */
  teams?: string[];
  requestedBy?: string;
  cluster?: string;
  namespace?: string;
  /** At most this many, newest first (default 100, at most 500). */
  limit?: number;
  /** The time expiry is judged against (default now). */
  now?: Date;
}

type Timestamp = Date | number | string;

interface ApprovalRow {
  id: string;
  kind: string;
  cluster: string;
  namespace: string;
  team: string;
  requested_by: string;
  requested_at: Timestamp;
  expires_at: Timestamp;
  summary: string;
  diff: string;
  payload: string;
  status: string;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_comment: string | null;
  outcome: string | null;
  outcome_message: string | null;
  outcome_at: Timestamp | null;
  task_id: string | null;
  entity_ref: string | null;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const STATUSES: readonly ApprovalStatus[] = [
  'pending',
  'approved',
  'rejected',
  'expired',
];

/**
 * Production approval requests in the plugin's database (SQLite or PostgreSQL). Decisions are atomic
 * compare-and-set updates, so two leads deciding at once cannot both win, and nobody can approve their own
 * request.
 */
export class ApprovalStore {
  private constructor(private readonly db: Knex) {}

  /** Connects to the plugin's database and applies the migrations (unless `migrations.skip` is set). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ApprovalStore> {
    return new ApprovalStore(await migrateDatabase(options.database));
  }

  /** Records a new pending request. */
  async createRequest(input: NewApprovalRequest): Promise<ApprovalRequest> {
    const requestedAt = input.requestedAt ?? new Date();
    for (const [field, max] of [
      ['kind', 64],
      ['cluster', 255],
      ['namespace', 255],
      ['team', 255],
      ['requestedBy', 255],
    ] as const) {
      requireText(field, input[field], max);
    }
    for (const field of ['taskId', 'entityRef'] as const) {
      const value = input[field];
      if (value !== undefined) requireText(field, value, 255);
    }
    if (!isValidDate(input.expiresAt) || !isValidDate(requestedAt)) {
      throw new InputError(
        'An approval request needs valid requestedAt and expiresAt times',
      );
    }
    if (input.expiresAt.getTime() <= requestedAt.getTime()) {
      throw new InputError(
        `An approval request must expire after it is made (expiresAt ${input.expiresAt.toISOString()} is not after ${requestedAt.toISOString()}); give it a positive time to live`,
      );
    }
    if (
      input.payload === null ||
      typeof input.payload !== 'object' ||
      Array.isArray(input.payload)
    ) {
      throw new InputError(
        'An approval request needs the change to run as a JSON object (payload)',
      );
    }
    const id = randomUUID();
    await this.db<ApprovalRow>(TABLE).insert({
      id,
      kind: input.kind,
      cluster: input.cluster,
      namespace: input.namespace,
      team: input.team,
      requested_by: input.requestedBy,
      requested_at: requestedAt,
      expires_at: input.expiresAt,
      summary: input.summary,
      diff: input.diff,
      payload: JSON.stringify(input.payload),
      status: 'pending',
      decided_by: null,
      decided_at: null,
      decision_comment: null,
      outcome: null,
      outcome_message: null,
      outcome_at: null,
      task_id: input.taskId ?? null,
      entity_ref: input.entityRef ?? null,
    });
    return this.mustGet(id, requestedAt);
  }

  /** One request, or `undefined` when there is none with this id. */
  async get(
    id: string,
    options?: { now?: Date },
  ): Promise<ApprovalRequest | undefined> {
    const row = await this.db<ApprovalRow>(TABLE).where({ id }).first();
    return row ? toRequest(row, options?.now ?? new Date()) : undefined;
  }

  /** Requests matching the filters, newest first. */
  async list(options: ApprovalListOptions = {}): Promise<ApprovalRequest[]> {
    const now = options.now ?? new Date();
    const limit = options.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(
        `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`,
      );
    }
    const statuses =
      options.status === undefined
        ? undefined
        : ([] as ApprovalStatus[]).concat(options.status);
    for (const status of statuses ?? []) {
      if (!STATUSES.includes(status)) {
        throw new InputError(
          `Unknown approval status "${status}"; use one of ${STATUSES.join(
            ', ',
          )}`,
        );
      }
    }
    if (options.teams?.length === 0 || statuses?.length === 0) {
      return [];
    }

    const query = this.db<ApprovalRow>(TABLE);
    if (options.team !== undefined) query.where('team', options.team);
    if (options.teams !== undefined) query.whereIn('team', options.teams);
    if (options.requestedBy !== undefined) {
      query.where('requested_by', options.requestedBy);
    }
    if (options.cluster !== undefined) query.where('cluster', options.cluster);
    if (options.namespace !== undefined) {
      query.where('namespace', options.namespace);
    }
    if (statuses) {
      // A pending request past its expiry counts as expired, whether or not it has been marked yet.
      query.where(q => {
        for (const status of statuses) {
          if (status === 'pending') {
            q.orWhere(p =>
              p.where('status', 'pending').andWhere('expires_at', '>', now),
            );
          } else if (status === 'expired') {
            q.orWhere('status', 'expired').orWhere(p =>
              p.where('status', 'pending').andWhere('expires_at', '<=', now),
            );
          } else {
            q.orWhere('status', status);
          }
        }
      });
    }
    const rows = await query
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(row => toRequest(row, now));
  }

  /**
   * Approves or rejects a pending request. Only one decision can win: a request already decided fails with
   * a `ConflictError`; an expired one is marked expired and fails with a `ConflictError`. The requester
   * may not approve their own request (`NotAllowedError`); rejecting it withdraws it.
   *
   * Whether `decidedBy` leads the request's team is the caller's check.
   */
  async decide(
    id: string,
    options: {
      decision: ApprovalDecision;
      decidedBy: string;
      comment?: string;
      now?: Date;
    },
  ): Promise<ApprovalRequest> {
    const { decision, decidedBy } = options;
    const now = options.now ?? new Date();
    if (decision !== 'approve' && decision !== 'reject') {
      throw new InputError(
        `Unknown decision "${decision}"; use "approve" or "reject"`,
      );
    }
    requireText('decidedBy', decidedBy, 255);

    const current = await this.mustGet(id, now);
    if (decision === 'approve' && current.requestedBy === decidedBy) {
      throw new NotAllowedError(
        `${decidedBy} asked for this change and cannot approve it: a change to a protected environment needs a second person's approval (another lead of ${current.team})`,
      );
    }

    const updated = await this.db<ApprovalRow>(TABLE)
      .where({ id, status: 'pending' })
      .andWhere('expires_at', '>', now)
      .update({
        status: decision === 'approve' ? 'approved' : 'rejected',
        decided_by: decidedBy,
        decided_at: now,
        decision_comment: options.comment ?? null,
      });
    if (updated === 1) {
      return this.mustGet(id, now);
    }

    // Nothing changed: someone decided first, or the request has expired.
    await this.markExpired(id, now);
    const latest = await this.mustGet(id, now);
    const verb = decision === 'approve' ? 'approved' : 'rejected';
    if (latest.status === 'expired') {
      throw new ConflictError(
        `Approval request ${id} expired at ${latest.expiresAt} and can no longer be ${verb}; ${latest.requestedBy} has to ask for the change again`,
      );
    }
    throw new ConflictError(
      `Approval request ${id} was already ${latest.status}${
        latest.decidedBy ? ` by ${latest.decidedBy}` : ''
      }${
        latest.decidedAt ? ` at ${latest.decidedAt}` : ''
      }; it can no longer be ${verb}. Reload the request to see its current state`,
    );
  }

  /**
   * Records what running an approved change did. Allowed once per request, and only after approval.
   */
  async recordOutcome(
    id: string,
    options: { outcome: ApprovalOutcome; message?: string; now?: Date },
  ): Promise<ApprovalRequest> {
    const now = options.now ?? new Date();
    if (options.outcome !== 'applied' && options.outcome !== 'failed') {
      throw new InputError(
        `Unknown outcome "${options.outcome}"; use "applied" or "failed"`,
      );
    }
    const updated = await this.db<ApprovalRow>(TABLE)
      .where({ id, status: 'approved' })
      .whereNull('outcome')
      .update({
        outcome: options.outcome,
        outcome_message: options.message ?? null,
        outcome_at: now,
      });
    const latest = await this.mustGet(id, now);
    if (updated === 1) {
      return latest;
    }
    if (latest.status !== 'approved') {
      throw new ConflictError(
        `Approval request ${id} is ${latest.status}, not approved; only an approved change is run and has an outcome`,
      );
    }
    throw new ConflictError(
      `Approval request ${id} already has an outcome (${latest.outcome}${
        latest.outcomeAt ? ` at ${latest.outcomeAt}` : ''
      }); an approved change runs once`,
    );
  }

  /** Marks every pending request past its expiry as expired; returns how many there were. */
  async expireStale(now: Date = new Date()): Promise<number> {
    return await this.db<ApprovalRow>(TABLE)
      .where('status', 'pending')
      .andWhere('expires_at', '<=', now)
      .update({ status: 'expired' });
  }

  /**
   * Gives an outcome to approved requests whose run never reported one (the backend stopped while running
   * them) once they were decided before `decidedBefore`: `failed`, saying so. Returns those requests.
   */
  async failInterrupted(options: {
    decidedBefore: Date;
    now?: Date;
  }): Promise<ApprovalRequest[]> {
    const now = options.now ?? new Date();
    const stuck = await this.db<ApprovalRow>(TABLE)
      .where('status', 'approved')
      .whereNull('outcome')
      .andWhere('decided_at', '<', options.decidedBefore)
      .select('id');
    const failed: ApprovalRequest[] = [];
    for (const { id } of stuck) {
      const updated = await this.db<ApprovalRow>(TABLE)
        .where({ id, status: 'approved' })
        .whereNull('outcome')
        .update({
          outcome: 'failed',
          outcome_message:
            'interrupted: the backend stopped while running the approved change, so it may be partly applied; check the environment and ask for the change again',
          outcome_at: now,
        });
      if (updated === 1) failed.push(await this.mustGet(id, now));
    }
    return failed;
  }

  private async markExpired(id: string, now: Date): Promise<void> {
    await this.db<ApprovalRow>(TABLE)
      .where({ id, status: 'pending' })
      .andWhere('expires_at', '<=', now)
      .update({ status: 'expired' });
  }

  private async mustGet(id: string, now: Date): Promise<ApprovalRequest> {
    const request = await this.get(id, { now });
    if (!request) {
      throw new NotFoundError(
        `There is no approval request ${id}; check the id, or list the requests to find the one you mean`,
      );
    }
    return request;
  }
}

function requireText(field: string, value: unknown, max: number) {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(
      `An approval request needs ${field} (a non-empty string)`,
    );
  }
  if (value.length > max) {
    throw new InputError(
      `${field} is too long (${value.length} characters, at most ${max})`,
    );
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function iso(value: Timestamp): string;
function iso(value: Timestamp | null): string | undefined;
function iso(value: Timestamp | null): string | undefined {
  return value === null ? undefined : readTimestamp(value).toISOString();
}

function toRequest(row: ApprovalRow, now: Date): ApprovalRequest {
  const expiresAt = readTimestamp(row.expires_at);
  const status =
    row.status === 'pending' && expiresAt.getTime() <= now.getTime()
      ? 'expired'
      : (row.status as ApprovalStatus);
  return {
    id: row.id,
    kind: row.kind,
    cluster: row.cluster,
    namespace: row.namespace,
    team: row.team,
    requestedBy: row.requested_by,
    requestedAt: iso(row.requested_at),
    expiresAt: expiresAt.toISOString(),
    summary: row.summary,
    diff: row.diff,
    payload: parseJsonObject(row.payload) ?? {},
    status,
    ...(row.decided_by !== null && { decidedBy: row.decided_by }),
    ...(row.decided_at !== null && { decidedAt: iso(row.decided_at) }),
    ...(row.decision_comment !== null && {
      decisionComment: row.decision_comment,
    }),
    ...(row.outcome !== null && { outcome: row.outcome as ApprovalOutcome }),
    ...(row.outcome_message !== null && {
      outcomeMessage: row.outcome_message,
    }),
    ...(row.outcome_at !== null && { outcomeAt: iso(row.outcome_at) }),
    ...(row.task_id !== null && { taskId: row.task_id }),
    ...(row.entity_ref !== null && { entityRef: row.entity_ref }),
  };
}
