import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  ChangeImpact,
  PavedEnvironmentResource,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ClusterIdentity,
  ClusterRegistry,
  DeployRepository,
  EnvironmentService,
  GroupLookup,
  KubernetesObject,
  RevisionRecorder,
  SecretService,
} from '@paved/plugin-paved-node';
import type { RevisionRestorer } from '../../revisions/RevisionRestorer';
import type { BudgetChecker } from '../../revisions/BudgetChecker';
import { z } from 'zod/v3';
import { ApprovalRequest } from '../ApprovalRequest';

/** Longest rollout wait an approved change runs with. */
export const MAX_WAIT_SECONDS = 300;

/** What the kinds of approval need from the backend to plan, check and run their changes. */
export interface ApprovalKindDeps {
  permissions: PermissionsService;
  /** Secrets of environments, for `secret-values` requests. */
  secrets: SecretService;
  clusters: ClusterRegistry;
  engine: ApplyEngine;
  environments: EnvironmentService;
  catalog: GroupLookup;
  /** Where approved changes record their revisions. */
  revisions?: RevisionRecorder;
  /** Restores revisions, for `rollback` requests. */
  restorer?: RevisionRestorer;
  /** Checks an `over-budget` apply request against the team's budget. */
  budgets?: Pick<BudgetChecker, 'check'>;
  /** Where changes to GitOps environments are proposed as pull requests (`paved.git.host`). */
  deployRepository?: DeployRepository;
}

/** The user asking for a change, as Backstage and the cluster know them. */
export interface Requester {
  credentials: BackstageCredentials;
  identity: ClusterIdentity;
  /**
   * Set when an AI agent asks on the user's behalf over MCP: the request then also covers a change the user
   * may make themselves, and waits for their confirmation in Backstage.
   */
  agent?: { client: string };
}

/**
 * A request about to be made: where it goes and how its audit record names it, known before anything is
 * asked of the cluster; `prepare` then works out the change, inside the request's audit record.
 */
export interface ApprovalProposal<Payload> {
  cluster: string;
  namespace: string;
  /** The audit trail's target of the request. */
  target: string;
  /** Facts the request's audit record adds, e.g. the environment a clone copies. */
  details?: Record<string, unknown>;
  /**
   * Checks that the requester may only propose the change (not make it, nor be refused it) and works out
   * what to store: the deciding team, the summary, the diff the lead reviews and the payload that runs.
   */
  prepare(): Promise<{
    team: string;
    summary: string;
    diff: string;
    payload: Payload;
    /** For an agent's request: whether a team lead approves it after the requester's confirmation. */
    needsLead?: boolean;
  }>;
}

/** What a change writes, as the API shows it with its request. */
export interface ApprovalFacts {
  objects: KubernetesObject[];
  /** Whether it takes over fields other field managers own. */
  force: boolean;
  /** The requester's own words. */
  note?: string;
  /** The Secret and keys a `secret-values` request sets (the approver enters the values). */
  secret?: { name: string; keys: string[] };
  /** Blast radius and cost forecast computed when the change was requested. */
  impact?: ChangeImpact;
  /** For a rollback: the revision it restores and the objects it removes. */
  rollback?: { revision: number; component?: string; prune: string[] };
}

/** Runs an approved change; resolves when it is done. */
export type ApprovedRun = () => Promise<unknown>;

/** A stored request of a known kind whose payload passed its kind's schema: what deciding on it does. */
export interface StoredApproval {
  /** The environment the request is about, as permission rules see it. */
  environment(): Promise<PavedEnvironmentResource>;
  /**
   * The approver's check before an approval is recorded; throws to keep the request pending, and resolves
   * with the run to do once it is approved.
   */
  review(
    approver: ClusterIdentity,
    confirm?: string,
    /** Secret values the approver enters with the decision (a `secret-values` request holds none). */
    values?: Record<string, string>,
  ): Promise<ApprovedRun>;
  /** The run of a request approved without a review of its own. */
  run(approver: ClusterIdentity): ApprovedRun;
  /** How running it is audited: the action and the facts it adds. */
  runAudit: { action: string; details?: Record<string, unknown> };
  facts: ApprovalFacts;
}

/**
 * One kind of change Paved holds for approval: how a request of it is made from a change, the schema its
 * stored payload must pass, and what the checked payload does when approved.
 */
export interface ApprovalKind<Change> {
  readonly kind: string;
  /** Plans a request from a change; refuses one that is not this kind's to make. */
  propose(
    change: Change,
    requester: Requester,
  ): Promise<ApprovalProposal<Record<string, unknown>>>;
  /** The stored request, its payload checked against this kind's schema; refused when it does not pass. */
  load(request: ApprovalRequest): StoredApproval;
}

/**
 * Declares a kind of approval: `payload` is the schema every stored payload is parsed with before it is
 * used, so a payload this kind did not write (or one changed since) is refused instead of run.
 */
export function defineApprovalKind<
  Change,
  Payload extends Record<string, unknown>,
>(definition: {
  kind: string;
  payload: z.ZodType<Payload, z.ZodTypeDef, unknown>;
  propose(
    change: Change,
    requester: Requester,
  ): Promise<ApprovalProposal<Payload>>;
  open(request: ApprovalRequest, payload: Payload): StoredApproval;
}): ApprovalKind<Change> {
  return {
    kind: definition.kind,
    propose: definition.propose,
    load(request) {
      if (request.kind !== definition.kind) {
        throw new ConflictError(
          `Approval request ${request.id} is of kind "${request.kind}", not "${definition.kind}"; nothing was run`,
        );
      }
      const parsed = definition.payload.safeParse(request.payload);
      if (!parsed.success) {
        throw new ConflictError(
          `Approval request ${request.id} (${
            request.kind
          }) holds a change that is not a valid ${
            definition.kind
          } change (${parsed.error.issues
            .slice(0, 3)
            .map(i => `${i.path.join('.') || 'payload'}: ${i.message}`)
            .join('; ')}); nothing was run. Ask for the change again`,
        );
      }
      return definition.open(request, parsed.data);
    },
  };
}

/**
 * A Kubernetes object as stored in a payload: kind, apiVersion and name checked, every other field kept.
 */
export const storedObjectSchema = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: z
      .object({
        name: z.string(),
        namespace: z.string().optional(),
        labels: z.record(z.string()).optional(),
        annotations: z.record(z.string()).optional(),
      })
      .passthrough(),
  })
  .passthrough();
