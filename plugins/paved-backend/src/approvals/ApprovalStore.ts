import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  requireOneOf,
  requirePageSize,
  requireText,
} from '../database/inputChecks';
import { PavedStore } from '../database/PavedStore';
import {
  ApprovalDecision,
  ApprovalListOptions,
  ApprovalOutcome,
  ApprovalRequest,
  ApprovalStatus,
  NewApprovalRequest,
  notAnAgentRequest,
  unconfirmedAgentRequest,
} from './ApprovalRequest';
import {
  approvalRows,
  newApprovalRow,
  toApprovalRequest,
  whereStatusIn,
} from './approvalRows';

/** A stored request (see `ApprovalRequest.ts` for its parts). */
export type { ApprovalRequest } from './ApprovalRequest';

const REQUEST = 'An approval request';
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
export class ApprovalStore extends PavedStore {
  /** Records a new pending request. */
  async createRequest(input: NewApprovalRequest): Promise<ApprovalRequest> {
    const requestedAt = input.requestedAt ?? new Date();
    const id = randomUUID();
    await approvalRows(this.db).insert(newApprovalRow(id, input, requestedAt));
    return this.mustGet(id, requestedAt);
  }

  /** One request, or `undefined` when there is none with this id. */
  async get(
    id: string,
    options?: { now?: Date },
  ): Promise<ApprovalRequest | undefined> {
    const row = await approvalRows(this.db).where({ id }).first();
    return row ? toApprovalRequest(row, options?.now ?? new Date()) : undefined;
  }

  /** Requests matching the filters, newest first. */
  async list(options: ApprovalListOptions = {}): Promise<ApprovalRequest[]> {
    const now = options.now ?? new Date();
    const limit = options.limit ?? DEFAULT_LIMIT;
    requirePageSize(limit, MAX_LIMIT);
    const statuses =
      options.status === undefined
        ? undefined
        : ([] as ApprovalStatus[]).concat(options.status);
    for (const status of statuses ?? []) {
      requireOneOf('approval status', status, STATUSES);
    }
    if (options.teams?.length === 0 || statuses?.length === 0) {
      return [];
    }

    const query = approvalRows(this.db);
    if (options.team !== undefined) query.where('team', options.team);
    if (options.teams !== undefined) query.whereIn('team', options.teams);
    if (options.requestedBy !== undefined) {
      query.where('requested_by', options.requestedBy);
    }
    if (options.origin !== undefined) query.where('origin', options.origin);
    if (options.cluster !== undefined) query.where('cluster', options.cluster);
    if (options.namespace !== undefined) {
      query.where('namespace', options.namespace);
    }
    if (statuses) whereStatusIn(query, statuses, now);
    const rows = await query
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(row => toApprovalRequest(row, now));
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
    requireText(REQUEST, 'decidedBy', decidedBy, 255);

    const current = await this.mustGet(id, now);
    const unconfirmed =
      decision === 'approve' ? unconfirmedAgentRequest(current) : undefined;
    if (unconfirmed) throw unconfirmed;
    if (decision === 'approve' && current.requestedBy === decidedBy) {
      throw new NotAllowedError(
        `${decidedBy} asked for this change and cannot approve it: a change to a protected environment needs a second person's approval (another lead of ${current.team})`,
      );
    }

    const query = approvalRows(this.db)
      .where({ id, status: 'pending' })
      .andWhere('expires_at', '>', now);
    // an agent's request is approved only once its requester confirmed it, checked in the same update
    if (decision === 'approve') {
      query.andWhere(q => q.whereNull('origin').orWhereNotNull('confirmed_by'));
    }
    const updated = await query.update({
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
   * The requester's confirmation, in Backstage, of a change an AI agent asked for on their behalf. Only the
   * requester confirms, once, while the request is pending and not expired (a `ConflictError` otherwise).
   * A request that needs no lead (`agent.needsLead` false) is approved by the confirmation, as the
   * requester; one that does stays pending for a team lead.
   */
  async confirm(
    id: string,
    options: { confirmedBy: string; now?: Date },
  ): Promise<ApprovalRequest> {
    const now = options.now ?? new Date();
    const current = await this.mustGet(id, now);
    if (!current.agent) throw notAnAgentRequest(id);
    if (current.requestedBy !== options.confirmedBy) {
      throw new NotAllowedError(
        `Only ${current.requestedBy}, on whose behalf the agent asked, confirms approval request ${id}`,
      );
    }
    const approves = !current.agent.needsLead;
    const updated = await approvalRows(this.db)
      .where({ id, status: 'pending', origin: 'agent' })
      .whereNull('confirmed_by')
      .andWhere('expires_at', '>', now)
      .update({
        confirmed_by: options.confirmedBy,
        confirmed_at: now,
        ...(approves
          ? {
              status: 'approved',
              decided_by: options.confirmedBy,
              decided_at: now,
            }
          : {}),
      });
    if (updated === 1) return this.mustGet(id, now);
    await this.markExpired(id, now);
    const latest = await this.mustGet(id, now);
    if (latest.status === 'expired') {
      throw new ConflictError(
        `Approval request ${id} expired at ${latest.expiresAt} and can no longer be confirmed; ask the agent for the change again`,
      );
    }
    throw new ConflictError(
      `Approval request ${id} was already ${
        latest.agent?.confirmedBy ? 'confirmed' : latest.status
      }; it can be confirmed once, while pending`,
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
    const updated = await approvalRows(this.db)
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
    return await approvalRows(this.db)
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
    const stuck = await approvalRows(this.db)
      .where('status', 'approved')
      .whereNull('outcome')
      .andWhere('decided_at', '<', options.decidedBefore)
      .select('id');
    const failed: ApprovalRequest[] = [];
    for (const { id } of stuck) {
      const updated = await approvalRows(this.db)
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
    await approvalRows(this.db)
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
