import { ConflictError } from '@backstage/errors';
import { ApprovalRequestView } from '@paved/plugin-paved-common';
import { JsonObject } from '../database/json';

/** What runs when a request is approved (see `approvals/kinds`). */
export type ApprovalKind = 'apply' | 'environment-clone' | (string & {});

/**
 * The decision state of a request. `pending` is the only state a decision can leave; the others are final.
 * A pending request past its expiry is reported as `expired` even before `ApprovalStore.expireStale` has
 * marked it.
 */
export type ApprovalStatus = ApprovalRequestView['status'];

/** What running an approved change did (`undefined` while it runs). */
export type ApprovalOutcome = NonNullable<ApprovalRequestView['outcome']>;

/** A decision a team lead takes. */
export type ApprovalDecision = 'approve' | 'reject';

/**
 * A change to a protected environment, held for a team lead's decision, as stored: the fields the API shows,
 * plus the change exactly as recorded (`payload`, what runs on approval) and the scaffolder task that asked
 * for it. Times are ISO 8601 (UTC).
 */
export interface ApprovalRequest
  extends Omit<ApprovalRequestView, 'objects' | 'force' | 'requesterNote'> {
  kind: ApprovalKind;
  /** The change exactly as recorded; its kind's schema checks it before it runs. */
  payload: JsonObject;
  /** When running the approved change ended. */
  outcomeAt?: string;
  /** Scaffolder task that asked for the change, if any. */
  taskId?: string;
}

/** Input of `ApprovalStore.createRequest`. */
export interface NewApprovalRequest {
  kind: ApprovalKind;
  cluster: string;
  namespace: string;
  /** Group ref of the team whose leads decide. */
  team: string;
  /** User ref of the developer who asked for the change. */
  requestedBy: string;
  /** One-line description for lists and notifications. */
  summary: string;
  /** The rendered diff the deciding lead reviews. */
  diff: string;
  /** The change to run on approval, stored as JSON. */
  payload: Readonly<Record<string, unknown>>;
  expiresAt: Date;
  /** Defaults to now. */
  requestedAt?: Date;
  taskId?: string;
  entityRef?: string;
  /** Set when an AI agent asked for the change over MCP: it waits for the requester's confirmation. */
  agent?: { client: string; needsLead: boolean };
}

/** Filters of `ApprovalStore.list`; all given filters must match. */
export interface ApprovalListOptions {
  status?: ApprovalStatus | ApprovalStatus[];
  /** One team's requests. */
  team?: string;
  /** Requests of any of these teams (an empty list matches nothing). */
  teams?: string[];
  requestedBy?: string;
  /** `agent`: only requests AI agents made over MCP. */
  origin?: 'agent';
  cluster?: string;
  namespace?: string;
  /** At most this many, newest first (default 100, at most 500). */
  limit?: number;
  /** The time expiry is judged against (default now). */
  now?: Date;
}

/**
 * The refusal to approve a pending request an AI agent asked for whose requester has not confirmed it yet;
 * undefined for any other request.
 */
export function unconfirmedAgentRequest(
  request: ApprovalRequest,
): ConflictError | undefined {
  if (
    !request.agent ||
    request.agent.confirmedBy ||
    request.status !== 'pending'
  ) {
    return undefined;
  }
  return new ConflictError(
    `Approval request ${request.id} was asked for by an AI agent (${request.agent.client}) and waits for ${request.requestedBy} to confirm it in Backstage; it can be approved once they have`,
  );
}

/** The refusal to confirm a request no AI agent asked for. */
export function notAnAgentRequest(id: string): ConflictError {
  return new ConflictError(
    `Approval request ${id} was not asked for by an AI agent; there is nothing to confirm. A team lead decides it`,
  );
}
