import type { ChangeImpact } from './api/changes';
import { EnvironmentCloneApprovalRequest } from './api/approvals';
import { AuditEntry } from './api/audit';
import type { PartialClusterAnswer } from './api/clusters';

/**
 * Why Paved cannot show anything yet for an entity, each with what to do about it.
 *
 * @public
 */
export type PlatformGap =
  | { kind: 'missing-annotation'; message: string }
  | { kind: 'no-clusters'; message: string }
  | { kind: 'no-environments'; message: string }
  | { kind: 'no-workloads'; message: string };

/**
 * A cluster as Paved sees it from one request.
 *
 * @public
 */
export interface ClusterReachability {
  name: string;
  reachable: boolean;
  /** Present when the cluster could not be reached, in plain words. */
  error?: string;
}

/**
 * A workload of the entity found in one environment.
 *
 * @public
 */
export interface WorkloadSummary {
  cluster: string;
  namespace: string;
  environment: string;
  kind: string;
  name: string;
  /** Desired replicas, for kinds that have them. */
  desired?: number;
  ready?: number;
}

/**
 * An environment (a Paved-managed namespace) owned by the entity's owner.
 *
 * @public
 */
export interface EnvironmentSummary {
  cluster: string;
  namespace: string;
  environment: string;
  team: string;
  lifecycle: 'persistent' | 'ephemeral';
  protected: boolean;
  /** When an ephemeral environment will be deleted (RFC 3339). */
  expiresAt?: string;
  /** The web address of the pull request a preview environment was made for. */
  pullRequest?: string;
}

/**
 * What the Platform tab shows first: where the entity runs, or why nothing can be shown yet.
 *
 * @public
 */
export interface EntityPlatformOverview extends PartialClusterAnswer {
  entityRef: string;
  /** The value of `backstage.io/kubernetes-id`, if the entity has one. */
  kubernetesId?: string;
  owner?: string;
  clusters: ClusterReachability[];
  environments: EnvironmentSummary[];
  workloads: WorkloadSummary[];
  /** Empty when there is something to show. */
  gaps: PlatformGap[];
}

/**
 * A clone into a new protected environment, proposed for approval: the body of `POST /api/paved/approvals`
 * with `kind: environment-clone` (defaults filled in), sent by `kubernetes:environment:clone` for a user who
 * may only propose it.
 *
 * @public
 */
export type EnvironmentCloneChange = Omit<
  EnvironmentCloneApprovalRequest,
  'kind'
>;

/**
 * A requested change to a protected environment, as the Paved backend returns it.
 *
 * @public
 */
export interface ApprovalRequestView {
  id: string;
  kind: string;
  cluster: string;
  namespace: string;
  team: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  summary: string;
  diff: string;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  decidedBy?: string;
  decidedAt?: string;
  decisionComment?: string;
  outcome?: 'applied' | 'failed';
  outcomeMessage?: string;
  entityRef?: string;
  /**
   * Every object the change writes, as recorded on the server (`summary` is made from these, never from
   * the requester's text).
   */
  objects?: ApprovalObjectView[];
  /** Whether the change takes over fields other field managers own (server-side apply `force`). */
  force?: boolean;
  /** Free text the requester added; not checked by Paved, shown as the requester's words. */
  requesterNote?: string;
  /**
   * For a `secret-values` request: the Secret and the keys to set. The request holds no values; the
   * approving lead enters them again with the decision (`values`).
   */
  secret?: { name: string; keys: string[] };
  /** Blast radius and cost forecast of the change, computed when it was requested. */
  impact?: ChangeImpact;
  /** For a `rollback` request: the revision it restores and the objects it removes. */
  rollback?: { revision: number; component?: string; prune: string[] };
  /** Set when an AI agent asked for the change over MCP (see {@link AgentRequestView}). */
  agent?: AgentRequestView;
}

/**
 * How a change request an AI agent made over MCP stands: nothing runs until the requester confirms it in
 * Backstage; when `needsLead` is true, a team lead then approves it as any other change request.
 *
 * @public
 */
export interface AgentRequestView {
  /** The MCP client that asked, as the agent's call named it. */
  client: string;
  /** Whether a team lead approves it after the requester's confirmation (a protected environment). */
  needsLead: boolean;
  /** The requester, once they confirmed it in Backstage. */
  confirmedBy?: string;
  confirmedAt?: string;
}

/**
 * One object an approval request writes.
 *
 * @public
 */
export interface ApprovalObjectView {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * What approving a request would do now, as the deciding lead's own server-side dry run against the live
 * objects says. Sent in the `review` field of the 409 answer to an approval that needs a second
 * confirmation; approve again with `confirm: digest` to run exactly this.
 *
 * @public
 */
export interface ApprovalReview {
  /** Identifies this review (request, approver, diff and removed fields); the `confirm` value. */
  digest: string;
  /** The approver's dry-run diff against the live objects. */
  diff: string;
  /** Fields of live objects the change would remove, as `<object>: <field path>`. */
  removedFields: string[];
  /** The live objects changed since the request was made, so the diff differs from the recorded one. */
  changedSinceRequest: boolean;
  /** Whether the change takes over fields other field managers own. */
  force: boolean;
}

/**
 * One entry of Paved's audit trail: who did what, where, when, and how it ended.
 *
 * @public
 */
export interface AuditEventView extends AuditEntry {
  id: string;
  /** When it happened (ISO 8601, UTC). */
  at: string;
}

/**
 * A page of the audit trail, newest first; `nextCursor` is the `before` of the next page.
 *
 * @public
 */
export interface AuditTrailPage {
  events: AuditEventView[];
  nextCursor?: string;
}
