import {
  AuditorService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EnvironmentCloneChange,
  PavedEnvironmentResource,
  pavedApprovalDecidePermission,
  pavedEnvironmentApplyPermission,
  pavedEnvironmentClonePermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ClusterIdentity,
  ClusterRegistry,
  EnvironmentClonePlan,
  EnvironmentService,
  GroupLookup,
  KubernetesObject,
  decideEnvironmentChange,
  isEnvironmentAllowed,
  loadEnvironmentResource,
  teamLeadsOf,
} from '@paved/plugin-paved-node';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { PavedNotifier } from '../notifications/PavedNotifier';
import { recordMutation } from '../audit/recordMutation';
import { JsonObject } from '../database/json';
import {
  ApprovalDecision,
  ApprovalRequest,
  ApprovalStatus,
  ApprovalStore,
} from './ApprovalStore';

/** A change to run on approval: manifests applied to one environment. */
export interface ApplyChange {
  cluster: string;
  namespace: string;
  manifests: KubernetesObject[];
  force: boolean;
  wait: boolean;
  timeoutSeconds: number;
  summary?: string;
  taskId?: string;
  entityRef?: string;
}

/** A clone into a protected environment to run on approval. */
export type CloneChange = EnvironmentCloneChange;

/** What an approved clone runs: the plan worked out when it was requested. */
interface ClonePayload {
  plan: EnvironmentClonePlan;
  wait: boolean;
  timeoutSeconds: number;
}

/** Longest rollout wait an approval runs with. */
export const MAX_WAIT_SECONDS = 300;

/**
 * Production approvals: a change a user may only propose becomes a request with its diff; a team lead of the
 * environment's team (not the requester) approves it, and the change then runs as recorded, as the approver.
 */
export class ApprovalService {
  constructor(
    private readonly deps: {
      store: ApprovalStore;
      trail: AuditTrailStore;
      auditor: AuditorService;
      logger: LoggerService;
      permissions: PermissionsService;
      clusters: ClusterRegistry;
      engine: ApplyEngine;
      environments: EnvironmentService;
      catalog: GroupLookup;
      ttlHours: number;
      /** Tells leads of new requests and requesters of decisions; without it, only the pages do. */
      notifier?: Pick<PavedNotifier, 'approvalRequested' | 'approvalDecided'>;
    },
  ) {}

  private audit() {
    const { auditor, trail, logger } = this.deps;
    return { auditor, trail, logger };
  }

  private async environment(
    cluster: string,
    namespace: string,
  ): Promise<PavedEnvironmentResource> {
    const env = await loadEnvironmentResource(
      this.deps.clusters,
      cluster,
      namespace,
    );
    if (!env) {
      throw new NotFoundError(
        `No namespace ${namespace} on cluster ${cluster}; create the environment first`,
      );
    }
    return env;
  }

  /**
   * The environment a stored request is about, as permission rules see it: the live one for an apply, the
   * one the clone would make (recorded with the request) for a clone.
   */
  private async environmentOf(
    request: ApprovalRequest,
  ): Promise<PavedEnvironmentResource> {
    if (request.kind === 'environment-clone') {
      const { plan } = request.payload as unknown as ClonePayload;
      return this.deps.environments.prospective(plan.cluster, plan.target);
    }
    return this.environment(request.cluster, request.namespace);
  }

  /**
   * The environment a pending clone request proposes at `cluster`/`namespace`, as permission rules see it;
   * undefined when none does. Lets permission checks on a not-yet-existing environment (may this lead
   * decide the clone?) answer from what the request recorded.
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
    const clone = pending.find(r => r.kind === 'environment-clone');
    return clone ? this.environmentOf(clone) : undefined;
  }

  /**
   * Passes when the user may only propose the change (approval-required); refuses with `denied` (403) when
   * they may not even ask, and with `allowed` (400) when they may make it themselves.
   */
  private async requireProposalOnly(
    credentials: BackstageCredentials,
    permission: Parameters<typeof decideEnvironmentChange>[2],
    environment: PavedEnvironmentResource,
    messages: { denied: string; allowed: string },
  ): Promise<void> {
    const decision = await decideEnvironmentChange(
      this.deps.permissions,
      credentials,
      permission,
      environment,
    );
    if (decision === 'deny') throw new NotAllowedError(messages.denied);
    if (decision === 'allow') throw new InputError(messages.allowed);
  }

  /** Records a change the user may only propose; refuses when they may apply it themselves or not at all. */
  async request(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: ApplyChange,
  ): Promise<ApprovalRequest> {
    const created = await recordMutation(
      this.audit(),
      {
        action: 'approval.request',
        actor: identity.user,
        cluster: change.cluster,
        namespace: change.namespace,
        target: change.summary,
      },
      async () => {
        const env = await this.environment(change.cluster, change.namespace);
        await this.requireProposalOnly(
          credentials,
          pavedEnvironmentApplyPermission,
          env,
          {
            denied: `${identity.user} may not change ${change.cluster}/${
              change.namespace
            } nor ask for changes there: it belongs to ${
              env.team ?? 'no team'
            }`,
            allowed: `${identity.user} may apply to ${change.cluster}/${change.namespace} directly; no approval is needed`,
          },
        );
        const plan = await this.deps.engine.plan({
          cluster: change.cluster,
          objects: change.manifests.map((object, i) => ({
            object,
            source: `manifests[${i}]`,
          })),
          defaultNamespace: change.namespace,
          identity,
          force: change.force,
          mode: 'read-only',
        });
        const strays = plan.objects.filter(
          o =>
            o.metadata.namespace && o.metadata.namespace !== change.namespace,
        );
        if (strays.length > 0) {
          throw new InputError(
            `manifests: a request covers one environment; ${strays
              .map(o => `${o.kind} ${o.metadata.name}`)
              .join(', ')} target another namespace than ${change.namespace}`,
          );
        }
        const summary =
          change.summary ??
          plan.results
            .map(r => `${r.kind} ${r.name} ${r.result}`)
            .join(', ')
            .slice(0, 500);
        return this.deps.store.createRequest({
          kind: 'apply',
          cluster: change.cluster,
          namespace: change.namespace,
          team: env.team ?? '',
          requestedBy: identity.user,
          summary: summary || 'no objects',
          diff: plan.diff,
          payload: {
            manifests: plan.objects,
            force: change.force,
            wait: change.wait,
            timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
          } as unknown as JsonObject,
          expiresAt: new Date(Date.now() + this.deps.ttlHours * 3600_000),
          ...(change.taskId ? { taskId: change.taskId } : {}),
          ...(change.entityRef ? { entityRef: change.entityRef } : {}),
        });
      },
      request => ({
        outcome: 'requested',
        message: `approval request ${request.id}`,
        details: { approvalId: request.id },
      }),
    );
    await this.deps.notifier?.approvalRequested(created);
    return created;
  }

  /**
   * Records a clone into a protected environment that the user may only propose: reads the source as the
   * user, plans the copies and stores them with what they would write. Secrets are never stored: the
   * secret policy must be `placeholder` or `skip`.
   */
  async requestClone(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    change: CloneChange,
  ): Promise<ApprovalRequest> {
    const { environments } = this.deps;
    const source = await environments.get(change.cluster, change.source);
    if (!source) {
      throw new NotFoundError(
        `source: no Paved environment ${change.source} on cluster ${change.cluster}; pick an existing environment to clone`,
      );
    }
    const team = change.team ?? source.team;
    const target = environments.prospective(change.cluster, {
      name: change.name,
      team,
    });
    const created = await recordMutation(
      this.audit(),
      {
        action: 'approval.request',
        actor: identity.user,
        cluster: change.cluster,
        namespace: target.namespace,
        target: `clone ${change.source} → ${target.namespace}`,
      },
      async () => {
        await this.requireProposalOnly(
          credentials,
          pavedEnvironmentClonePermission,
          target,
          {
            denied: `${identity.user} may not clone into ${change.cluster}/${target.namespace} nor ask for it: it would belong to ${team}`,
            allowed: `${identity.user} may clone into ${change.cluster}/${target.namespace} directly; no approval is needed`,
          },
        );
        if (change.secretPolicy === 'copy') {
          throw new InputError(
            'secretPolicy: a clone that waits for approval does not store secret values; use "placeholder" (same keys, values to fill in) or "skip"',
          );
        }
        const plan = await environments.planClone({
          cluster: change.cluster,
          source: change.source,
          target: {
            name: change.name,
            team,
            size: change.size,
            lifecycle: change.lifecycle,
            ttlHours: change.ttlHours,
            teamLeads: await teamLeadsOf(this.deps.catalog, team, credentials),
            createdBy: identity.user,
          },
          actor: identity,
          replicas: change.replicas,
          secretPolicy: change.secretPolicy,
          hostRewrite: change.hostRewrite,
        });
        const payload: ClonePayload = {
          plan,
          wait: change.wait,
          timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
        };
        return this.deps.store.createRequest({
          kind: 'environment-clone',
          cluster: change.cluster,
          namespace: target.namespace,
          team,
          requestedBy: identity.user,
          summary: `Clone ${change.source} into the new environment ${
            target.namespace
          } (${plan.objects.length} object${
            plan.objects.length === 1 ? '' : 's'
          })`,
          diff: environments.cloneDiff(plan),
          payload: payload as unknown as JsonObject,
          expiresAt: new Date(Date.now() + this.deps.ttlHours * 3600_000),
          ...(change.taskId ? { taskId: change.taskId } : {}),
          ...(change.entityRef ? { entityRef: change.entityRef } : {}),
        });
      },
      request => ({
        outcome: 'requested',
        message: `approval request ${request.id}`,
        details: { approvalId: request.id, source: change.source },
      }),
    );
    await this.deps.notifier?.approvalRequested(created);
    return created;
  }

  /** The requests the user may see: every one for platform admins, their teams' otherwise. */
  async list(
    credentials: BackstageCredentials,
    teams: string[],
    filter: { status?: ApprovalStatus; cluster?: string; namespace?: string },
  ): Promise<ApprovalRequest[]> {
    const admin = await this.isPlatformAdmin(credentials);
    return this.deps.store.list({
      ...filter,
      ...(admin ? {} : { teams }),
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

  /** Approves (and runs) or rejects a request, as a team lead of its team who did not ask for it. */
  async decide(
    credentials: BackstageCredentials,
    identity: ClusterIdentity,
    id: string,
    decision: ApprovalDecision,
    comment?: string,
  ): Promise<ApprovalRequest> {
    const pending = await this.deps.store.get(id);
    if (!pending) throw new NotFoundError(`No approval request ${id}`);
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
        const env = await this.environmentOf(pending);
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
        return this.deps.store.decide(id, {
          decision,
          decidedBy: identity.user,
          ...(comment ? { comment } : {}),
        });
      },
    );
    const result =
      decided.status === 'approved'
        ? await this.run(decided, identity)
        : decided;
    await this.deps.notifier?.approvalDecided(result);
    return result;
  }

  /** Runs an approved change as recorded, as the approver, and records how it ended. */
  private async run(
    request: ApprovalRequest,
    approver: ClusterIdentity,
  ): Promise<ApprovalRequest> {
    const details = {
      approvalId: request.id,
      requestedBy: request.requestedBy,
      approvedBy: approver.user,
    };
    try {
      if (request.kind === 'environment-clone') {
        const payload = request.payload as unknown as ClonePayload;
        await recordMutation(
          this.audit(),
          {
            action: 'environment.clone',
            actor: approver.user,
            cluster: request.cluster,
            namespace: request.namespace,
            target: request.summary,
            details: { ...details, source: payload.plan.source },
          },
          () =>
            this.deps.environments.runClone(payload.plan, {
              actor: approver,
              wait: payload.wait,
              timeoutMs: payload.timeoutSeconds * 1000,
              // deciding was authorized for this environment (team lead or platform admin)
              authorizedNamespaces: [request.namespace],
            }),
        );
      } else {
        await recordMutation(
          this.audit(),
          {
            action: 'kubernetes.apply',
            actor: approver.user,
            cluster: request.cluster,
            namespace: request.namespace,
            target: request.summary,
            details,
          },
          () => this.runApply(request, approver),
        );
      }
      return await this.deps.store.recordOutcome(request.id, {
        outcome: 'applied',
        message: `applied by ${approver.user} on behalf of ${request.requestedBy}`,
      });
    } catch (error) {
      this.deps.logger.warn(
        `Approved change ${request.id} failed: ${(error as Error).message}`,
      );
      return this.deps.store.recordOutcome(request.id, {
        outcome: 'failed',
        message: (error as Error).message,
      });
    }
  }

  /** Applies an approved change's manifests as the approver. */
  private async runApply(request: ApprovalRequest, approver: ClusterIdentity) {
    const payload = request.payload as unknown as {
      manifests: KubernetesObject[];
      force: boolean;
      wait: boolean;
      timeoutSeconds: number;
    };
    const plan = await this.deps.engine.plan({
      cluster: request.cluster,
      objects: payload.manifests.map((object, i) => ({
        object,
        source: `approval ${request.id} manifests[${i}]`,
      })),
      defaultNamespace: request.namespace,
      identity: approver,
      force: payload.force,
      // deciding was authorized for this environment (team lead or platform admin)
      authorizedNamespaces: [request.namespace],
    });
    const result = await this.deps.engine.apply(plan, {
      identity: approver,
      force: payload.force,
    });
    if (payload.wait) {
      await this.deps.engine.waitForRollout(plan, {
        identity: approver,
        timeoutMs: payload.timeoutSeconds * 1000,
      });
    }
    return result;
  }

  private async isPlatformAdmin(credentials: BackstageCredentials) {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: pavedPlatformAdminPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}
