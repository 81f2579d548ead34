import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ApplyApprovalChange,
  EnvironmentCloneChange,
  PavedEnvironmentResource,
  pavedApprovalDecidePermission,
  pavedEnvironmentApplyPermission,
  pavedEnvironmentClonePermission,
  pavedEnvironmentDeletePermission,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  decideEnvironmentChange,
  isEnvironmentAllowed,
  isPlatformAdminCaller,
  recordMutation,
} from '@paved/plugin-paved-node';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { PavedNotifier } from '../notifications/PavedNotifier';
import {
  ApprovalDecision,
  ApprovalRequest,
  ApprovalStatus,
  notAnAgentRequest,
  unconfirmedAgentRequest,
} from './ApprovalRequest';
import { ApprovalStore } from './ApprovalStore';
import { ApprovalView, approvalView } from './approvalView';
import { runApproved } from './runApproved';
import {
  ApprovalKind,
  ApprovalKindDeps,
  ApprovedRun,
  StoredApproval,
} from './kinds/ApprovalKind';
import {
  ApprovalKinds,
  createApprovalKinds,
  loadApproval,
} from './kinds/approvalKinds';
import { SecretValuesChange } from './kinds/secretValuesKind';
import { RollbackChange } from './kinds/rollbackKind';
import { EnvironmentDeleteChange } from './kinds/environmentDeleteKind';
import type { RunLeases } from './RunLeases';
import { AbandonedRun, interruptedMessage } from './RunLeaseStore';

/** The kinds of change an AI agent may ask for, by the name `requestForAgent` takes. */
export interface AgentChanges {
  apply: ApplyChange;
  clone: EnvironmentCloneChange;
  rollback: RollbackChange;
  environmentDelete: EnvironmentDeleteChange;
}

/** A kind of change an AI agent may ask for. */
export type AgentRequestKind = keyof AgentChanges;

/** The permission that says whether a user makes a change of each kind themselves (or only proposes it). */
const AGENT_KIND_PERMISSIONS: Record<
  string,
  Parameters<typeof decideEnvironmentChange>[2]
> = {
  apply: pavedEnvironmentApplyPermission,
  rollback: pavedEnvironmentApplyPermission,
  'environment-clone': pavedEnvironmentClonePermission,
  'environment-delete': pavedEnvironmentDeletePermission,
};

/** How many times a backend may start one approved change before an abandoned run is given up as failed. */
export const MAX_RUN_ATTEMPTS = 3;

export { MAX_WAIT_SECONDS } from './kinds/ApprovalKind';

/**
 * A change to run on approval: manifests applied to one environment. `note` is the requester's free text,
 * stored and shown as their note only: the summary and the audit target are made from the objects.
 */
export type ApplyChange = ApplyApprovalChange;

/**
 * Production approvals: a change a user may only propose becomes a request with its diff; a team lead of the
 * environment's team (not the requester) approves it, and the change then runs as recorded, as the approver.
 * What each kind of change records and runs is the kind's (see `kinds/`); this service keeps requests,
 * decisions, audit records and notifications.
 */
export class ApprovalService {
  private readonly kinds: ApprovalKinds;

  constructor(
    private readonly deps: ApprovalKindDeps & {
      store: ApprovalStore;
      trail: AuditTrailStore;
      auditor: AuditorService;
      logger: LoggerService;
      permissions: PermissionsService;
      ttlHours: number;
      /** Tells leads of new requests and requesters of decisions; without it, only the pages do. */
      notifier?: Pick<PavedNotifier, 'approvalRequested' | 'approvalDecided'>;
      /** Run leases: with them, a run whose backend stopped is finished by another (see `resumeAbandoned`). */
      leases?: RunLeases;
      /** How long an AI agent's request waits for its requester's confirmation (default 60). */
      agentTtlMinutes?: number;
    },
  ) {
    this.kinds = createApprovalKinds(deps);
  }

  private audit() {
    const { auditor, trail, logger } = this.deps;
    return { auditor, trail, logger };
  }

  /** Records a change the user may only propose; refuses when they may apply it themselves or not at all. */
  request(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: ApplyChange,
  ): Promise<ApprovalRequest> {
    return this.propose(this.kinds.apply, { credentials, identity }, change);
  }

  /**
   * Records a developer's request to set keys of a Secret in a protected environment: keys only, the
   * approving lead enters the values.
   */
  requestSecretValues(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: SecretValuesChange,
  ): Promise<ApprovalRequest> {
    return this.propose(
      this.kinds.secretValues,
      { credentials, identity },
      change,
    );
  }

  /**
   * Records a clone into a protected environment that the user may only propose: reads the source as the
   * user, plans the copies and stores them with what they would write. Secrets are never stored: the
   * secret policy must be `placeholder` or `skip`.
   */
  requestClone(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: EnvironmentCloneChange,
  ): Promise<ApprovalRequest> {
    return this.propose(this.kinds.clone, { credentials, identity }, change);
  }

  /** Records a rollback of a protected environment that the user may only propose. */
  requestRollback(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: RollbackChange,
  ): Promise<ApprovalRequest> {
    return this.propose(this.kinds.rollback, { credentials, identity }, change);
  }

  /**
   * Records a change an AI agent asks for on the user's behalf (over MCP): a change the user may make
   * themselves, or only propose, becomes a request that runs only after the user confirms it in Backstage
   * (see {@link ApprovalService.confirm}) and, for a change they may only propose, a team lead approves it.
   * Nothing is run here, whatever the agent says; the leads hear of it once the user confirmed it.
   */
  requestForAgent<K extends AgentRequestKind>(
    kind: K,
    requester: {
      credentials: BackstageCredentials;
      identity: ClusterIdentity;
      client: string;
    },
    change: AgentChanges[K],
  ): Promise<ApprovalRequest> {
    const { credentials, identity, client } = requester;
    return this.propose(
      this.kinds[kind] as ApprovalKind<AgentChanges[K]>,
      { credentials, identity, agent: { client } },
      change,
    );
  }

  /** Makes a request of one kind, audited as `approval.request`, and tells the team's leads. */
  private async propose<Change extends { taskId?: string; entityRef?: string }>(
    kind: ApprovalKind<Change>,
    requester: {
      credentials: BackstageCredentials;
      identity: ClusterIdentity;
      agent?: { client: string };
    },
    change: Change,
  ): Promise<ApprovalRequest> {
    const { identity, agent } = requester;
    const proposal = await kind.propose(change, requester);
    const { cluster, namespace } = proposal;
    const ttlMs = agent
      ? (this.deps.agentTtlMinutes ?? 60) * 60_000
      : this.deps.ttlHours * 3600_000;
    const created = await recordMutation(
      this.audit(),
      {
        action: 'approval.request',
        actor: identity.user,
        cluster,
        namespace,
        target: proposal.target,
        ...(agent ? { details: { via: 'mcp', client: agent.client } } : {}),
      },
      async () => {
        const { needsLead, ...prepared } = await proposal.prepare();
        return this.deps.store.createRequest({
          kind: kind.kind,
          cluster,
          namespace,
          requestedBy: identity.user,
          ...prepared,
          expiresAt: new Date(Date.now() + ttlMs),
          ...(change.taskId ? { taskId: change.taskId } : {}),
          ...(change.entityRef ? { entityRef: change.entityRef } : {}),
          ...(agent
            ? { agent: { client: agent.client, needsLead: needsLead ?? true } }
            : {}),
        });
      },
      request => ({
        outcome: 'requested',
        message: `approval request ${request.id}`,
        details: {
          approvalId: request.id,
          ...proposal.details,
          ...(agent ? { via: 'mcp', client: agent.client } : {}),
        },
      }),
    );
    // an agent's request reaches the leads only once its requester confirmed it
    if (!agent) await this.deps.notifier?.approvalRequested(created);
    return created;
  }

  /**
   * The requester's answer, in Backstage, to a change an AI agent asked for on their behalf: `cancel`
   * withdraws it; `confirm` checks again that they may still ask for it and, when they may make the change
   * themselves, runs it as them (an apply first shows a changed diff for a second confirmation, as an
   * approval does); when a team lead decides, it stays pending for the leads, who are told now. An expired
   * request is refused (409) and never runs. Audited as `approval.confirm` / `approval.reject`.
   */
  async confirm(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    id: string,
    decision: 'confirm' | 'cancel',
    /** The digest of an `ApprovalReview` the requester saw and accepts. */
    review?: string,
  ): Promise<ApprovalRequest> {
    const pending = await this.deps.store.get(id);
    if (!pending || pending.requestedBy !== identity.user) {
      throw new NotFoundError(
        `No approval request ${id} that an agent asked for on your behalf`,
      );
    }
    if (!pending.agent) throw notAnAgentRequest(id);
    if (decision === 'cancel') {
      return recordMutation(
        this.audit(),
        {
          action: 'approval.reject',
          actor: identity.user,
          cluster: pending.cluster,
          namespace: pending.namespace,
          target: pending.summary,
          details: { approvalId: id, via: 'mcp', client: pending.agent.client },
        },
        () =>
          this.deps.store.decide(id, {
            decision: 'reject',
            decidedBy: identity.user,
            comment: 'cancelled by the requester',
          }),
      );
    }
    let stored: StoredApproval | undefined;
    let reviewed: ApprovedRun | undefined;
    const agent = pending.agent;
    const confirmed = await recordMutation(
      this.audit(),
      {
        action: 'approval.confirm',
        actor: identity.user,
        cluster: pending.cluster,
        namespace: pending.namespace,
        target: pending.summary,
        details: { approvalId: id, via: 'mcp', client: agent.client },
      },
      async () => {
        if (pending.status !== 'pending' || agent.confirmedBy) {
          // the store words why (expired, already confirmed, decided)
          return this.deps.store.confirm(id, { confirmedBy: identity.user });
        }
        stored = loadApproval(this.kinds, pending);
        const env = await stored.environment();
        const decisionNow = await decideEnvironmentChange(
          this.deps.permissions,
          credentials,
          AGENT_KIND_PERMISSIONS[pending.kind] ??
            pavedEnvironmentApplyPermission,
          env,
        );
        if (
          decisionNow === 'deny' ||
          (!agent.needsLead && decisionNow !== 'allow')
        ) {
          throw new NotAllowedError(
            `${identity.user} may no longer ${
              agent.needsLead ? 'ask for' : 'make'
            } this change to ${pending.cluster}/${
              pending.namespace
            }; nothing was run`,
          );
        }
        if (!agent.needsLead) {
          reviewed = await stored.review(identity, review);
        }
        return this.deps.store.confirm(id, { confirmedBy: identity.user });
      },
    );
    if (confirmed.status === 'pending') {
      await this.deps.notifier?.approvalRequested(confirmed);
      return confirmed;
    }
    const claimed =
      confirmed.status === 'approved' &&
      (!this.deps.leases ||
        (await this.deps.leases.claim(confirmed.id, identity)));
    return claimed && stored
      ? runApproved(
          { ...this.deps, audit: this.audit() },
          confirmed,
          stored,
          identity,
          reviewed ?? stored.run(identity),
        )
      : confirmed;
  }

  /**
   * The environment a pending clone request proposes at `cluster`/`namespace`, as permission rules see it;
   * undefined when none does. Lets permission checks on a not-yet-existing environment (may this lead
   * decide the clone?) answer from what the request recorded; a request that fails its kind's checks
   * proposes nothing.
   */
  async proposedEnvironment(
    cluster: string,
    namespace: string,
  ): Promise<PavedEnvironmentResource | undefined> {
    const pending = await this.deps.store.list({
      cluster,
      namespace,
      status: 'pending',
    });
    const clones = pending.filter(r => r.kind === this.kinds.clone.kind);
    for (const clone of clones) {
      const stored = this.tryLoad(clone);
      if (stored) return stored.environment();
    }
    return undefined;
  }

  /**
   * The requests a user may see: every one when `platformAdmin` (the caller's `paved.platform.admin`
   * answer, which the route reuses per token), their teams' otherwise.
   */
  async list(
    teams: string[],
    filter: {
      status?: ApprovalStatus;
      cluster?: string;
      namespace?: string;
      origin?: 'agent';
      /** Only the requests of this user. */
      requestedBy?: string;
    },
    platformAdmin: boolean,
  ): Promise<ApprovalRequest[]> {
    return this.deps.store.list({
      ...filter,
      ...(platformAdmin ? {} : { teams }),
    });
  }

  /** One request, when the user may see it. */
  async get(
    credentials: BackstageCredentials,
    teams: string[],
    id: string,
  ): Promise<ApprovalRequest> {
    const request = await this.deps.store.get(id);
    if (
      !request ||
      (!teams.includes(request.team) &&
        !(await this.isPlatformAdmin(credentials)))
    ) {
      throw new NotFoundError(`No approval request ${id}`);
    }
    return request;
  }

  /**
   * A request as the API answers with it (see {@link approvalView}); a request its kind cannot read shows
   * no objects.
   */
  view(request: ApprovalRequest): ApprovalView {
    return approvalView(
      request,
      this.tryLoad(request)?.facts ?? { objects: [], force: false },
    );
  }

  /**
   * Approves (and runs) or rejects a request, as a team lead of its team who did not ask for it. A request
   * whose kind is unknown, or whose payload fails its kind's schema, is refused and never runs.
   */
  async decide(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    id: string,
    decision: ApprovalDecision,
    comment?: string,
    /** The digest of an `ApprovalReview` the approver saw and accepts (see `ApprovalChangedError`). */
    confirm?: string,
    /** Values of a `secret-values` request, entered by the approver; never stored or audited. */
    values?: Record<string, string>,
  ): Promise<ApprovalRequest> {
    const pending = await this.deps.store.get(id);
    if (!pending) throw new NotFoundError(`No approval request ${id}`);
    // refused before the review runs; the store refuses it again in the same update as the approval
    const unconfirmed =
      decision === 'approve' ? unconfirmedAgentRequest(pending) : undefined;
    if (unconfirmed) throw unconfirmed;
    let stored: StoredApproval | undefined;
    let reviewed: ApprovedRun | undefined;
    const decided = await recordMutation(
      this.audit(),
      {
        action: decision === 'approve' ? 'approval.approve' : 'approval.reject',
        actor: identity.user,
        cluster: pending.cluster,
        namespace: pending.namespace,
        target: pending.summary,
        details: { approvalId: id, requestedBy: pending.requestedBy },
      },
      async () => {
        stored = loadApproval(this.kinds, pending);
        const env = await stored.environment();
        if (
          !(await isEnvironmentAllowed(
            this.deps.permissions,
            credentials,
            pavedApprovalDecidePermission,
            env,
          ))
        ) {
          throw new NotAllowedError(
            `${identity.user} may not decide changes to ${pending.cluster}/${
              pending.namespace
            }; a team lead of ${env.team ?? 'its team'} decides`,
          );
        }
        if (
          decision === 'approve' &&
          pending.status === 'pending' &&
          pending.requestedBy !== identity.user
        ) {
          reviewed = await stored.review(identity, confirm, values);
        }
        return this.deps.store.decide(id, {
          decision,
          decidedBy: identity.user,
          ...(comment ? { comment } : {}),
        });
      },
    );
    const claimed =
      decided.status === 'approved' &&
      (!this.deps.leases ||
        (await this.deps.leases.claim(decided.id, identity)));
    const result =
      claimed && stored
        ? await runApproved(
            { ...this.deps, audit: this.audit() },
            decided,
            stored,
            identity,
            reviewed ?? stored.run(identity),
          )
        : decided;
    await this.deps.notifier?.approvalDecided(result);
    return result;
  }

  /**
   * Finishes what is owed: every approved change whose backend stopped heartbeating mid-run (killed, or
   * stopped before it started the run) is taken over by this backend and run again as the approver (a
   * server-side apply of the same objects is idempotent), audited with `resumedFrom`. A run that cannot be
   * finished here gets the outcome `failed` (interrupted) with why: a `secret-values` change (the values the
   * approver entered are never stored), a run never started (the approver's groups are unknown), or one
   * started {@link MAX_RUN_ATTEMPTS} times already. Returns the ids taken over, with their outcomes.
   */
  async resumeAbandoned(): Promise<ApprovalRequest[]> {
    const { leases, store, logger } = this.deps;
    if (!leases) return [];
    const done: ApprovalRequest[] = [];
    for (const run of await leases.abandoned()) {
      if (!(await leases.takeOver(run))) continue;
      const request = await store.get(run.id);
      if (!request) continue;
      const from = run.owner ?? 'a backend that stopped before starting it';
      const why = this.cannotResume(run, request, from);
      const stored = why ? undefined : this.tryLoad(request);
      if (why || !stored || !run.identity) {
        logger.warn(
          `Approved change ${request.id} was interrupted: ${
            why ?? 'its kind cannot read it'
          }`,
        );
        done.push(
          await store.recordOutcome(request.id, {
            outcome: 'failed',
            message: interruptedMessage(why ?? `its kind cannot read it`),
          }),
        );
        continue;
      }
      logger.info(
        `Taking over approved change ${request.id} (${
          request.summary
        }) from ${from}, attempt ${run.attempts + 1}`,
      );
      done.push(
        await runApproved(
          { ...this.deps, audit: this.audit() },
          request,
          stored,
          run.identity,
          stored.run(run.identity),
          from,
        ),
      );
    }
    return done;
  }

  /** Why an abandoned run cannot be finished on this backend, or undefined when it can. */
  private cannotResume(
    run: AbandonedRun,
    request: ApprovalRequest,
    from: string,
  ): string | undefined {
    if (run.attempts >= MAX_RUN_ATTEMPTS) {
      return `its run was started ${run.attempts} times and each time its backend stopped mid-run`;
    }
    if (!run.identity) {
      return `the backend that approved it (${from}) stopped before it started the run`;
    }
    if (request.kind === this.kinds.secretValues.kind) {
      return `the backend running it (${from}) stopped, and the values the approver entered are never stored, so no other backend can finish it`;
    }
    return undefined;
  }

  /** The stored request as its kind reads it, or undefined when its kind cannot. */
  private tryLoad(request: ApprovalRequest): StoredApproval | undefined {
    try {
      return loadApproval(this.kinds, request);
    } catch {
      return undefined;
    }
  }

  private isPlatformAdmin(credentials: BackstageCredentials) {
    return isPlatformAdminCaller(this.deps.permissions, credentials);
  }
}
