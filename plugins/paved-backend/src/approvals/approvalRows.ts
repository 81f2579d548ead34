import { InputError } from '@backstage/errors';
import { requireText } from '../database/inputChecks';
import { Timestamp, parseJsonObject, readTimestamp } from '../database/json';
import { Knex } from '../database/migrateDatabase';
import {
  ApprovalOutcome,
  ApprovalRequest,
  ApprovalStatus,
  NewApprovalRequest,
} from './ApprovalRequest';

const REQUEST = 'An approval request';

/** The table of approval requests. */
export const APPROVALS_TABLE = 'paved_approval_requests';

/** One row of {@link APPROVALS_TABLE}. */
export interface ApprovalRow {
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
  /** Run lease (see `RunLeaseStore`): the backend instance running the approved change. */
  run_owner?: string | null;
  run_heartbeat_at?: Timestamp | null;
  /** JSON `{user, groups}` of the approver, to finish the run on another backend. */
  run_identity?: string | null;
  run_attempts?: number;
  /** `agent` for a change an AI agent asked for over MCP. */
  origin?: string | null;
  client?: string | null;
  needs_lead?: boolean | number | null;
  confirmed_by?: string | null;
  confirmed_at?: Timestamp | null;
}

/** A query on {@link APPROVALS_TABLE}. */
export function approvalRows(db: Knex) {
  return db<ApprovalRow>(APPROVALS_TABLE);
}

/** A query on {@link APPROVALS_TABLE}, as {@link approvalRows} makes it. */
export type ApprovalQuery = ReturnType<typeof approvalRows>;

/** The row of a new, pending request; refuses a request the table cannot hold, naming the field. */
export function newApprovalRow(
  id: string,
  input: NewApprovalRequest,
  requestedAt: Date,
): ApprovalRow {
  for (const [field, max] of [
    ['kind', 64],
    ['cluster', 255],
    ['namespace', 255],
    ['team', 255],
    ['requestedBy', 255],
  ] as const) {
    requireText(REQUEST, field, input[field], max);
  }
  for (const field of ['taskId', 'entityRef'] as const) {
    const value = input[field];
    if (value !== undefined) requireText(REQUEST, field, value, 255);
  }
  if (input.agent) requireText(REQUEST, 'client', input.agent.client, 255);
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
  return {
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
    ...(input.agent
      ? {
          origin: 'agent',
          client: input.agent.client,
          needs_lead: input.agent.needsLead,
        }
      : {}),
  };
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function iso(value: Timestamp): string;
function iso(value: Timestamp | null): string | undefined;
function iso(value: Timestamp | null): string | undefined {
  return value === null ? undefined : readTimestamp(value).toISOString();
}

/** A row as a request; a pending request past its expiry at `now` reads as `expired`. */
export function toApprovalRequest(
  row: ApprovalRow,
  now: Date,
): ApprovalRequest {
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
    ...(row.origin === 'agent' && {
      agent: {
        client: row.client ?? 'unknown client',
        needsLead: Boolean(row.needs_lead),
        ...(row.confirmed_by && { confirmedBy: row.confirmed_by }),
        ...(row.confirmed_at && { confirmedAt: iso(row.confirmed_at) }),
      },
    }),
  };
}

/**
 * Narrows a query to requests in any of `statuses` at `now`: a pending request past its expiry counts as
 * expired, whether or not it has been marked yet.
 */
export function whereStatusIn(
  query: ApprovalQuery,
  statuses: ApprovalStatus[],
  now: Date,
): void {
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
