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
  kubernetesNameProblem,
  pavedApprovalDecidePermission,
  pavedEnvironmentApplyPermission,
  pavedEnvironmentClonePermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ApplyPlan,
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
  validateObject,
} from '@paved/plugin-paved-node';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { PavedNotifier } from '../notifications/PavedNotifier';
import { recordMutation } from '../audit/recordMutation';
import { JsonObject } from '../database/json';
import {
  ApprovalChangedError,
  applySummary,
  describeObjects,
  objectsTarget,
  reviewDigest,
  sha256,
} from './approvalView';
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
  /**
   * The requester's free text, stored and shown as their note only: the summary and the audit target are
   * made from the objects.
   */
  note?: string;
  taskId?: string;
  entityRef?: string;
}

/** What an approved apply runs, as recorded with the request. */
interface ApplyPayload {
  manifests: KubernetesObject[];
  force: boolean;
  wait: boolean;
  timeoutSeconds: number;
  note?: string;
  /** SHA-256 of the diff shown at request time (live objects vs. the change), to notice later changes. */
  previewDigest?: string;
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
    requireOneEnvironment(change);
    const created = await recordMutation(
      this.audit(),
      {
        action: 'approval.request',
        actor: identity.user,
        cluster: change.cluster,
        namespace: change.namespace,
        target: objectsTarget(describeObjects(change.manifests)),
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
        // what the plan writes, not what the manifests say: a cluster-scoped kind lands outside the environment
        const strays = plan.results
          .filter(r => r.namespace !== change.namespace)
          .map(r => ({
            r,
            i: change.manifests.findIndex(
              m => m.kind === r.kind && m.metadata.name === r.name,
            ),
          }));
        if (strays.length > 0) {
          throw new InputError(
            strays
              .map(
                ({ r, i }) =>
                  `manifests[${i}]: ${r.kind} ${r.name} ${
                    r.namespace
                      ? `is in namespace ${r.namespace}`
                      : 'is cluster-scoped'
                  }; a request covers objects of the one environment ${
                    change.namespace
                  }`,
              )
              .join('; '),
          );
        }
        const payload: ApplyPayload = {
          manifests: plan.objects,
          force: change.force,
          wait: change.wait,
          timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
          previewDigest: sha256(plan.diff),
          ...(change.note ? { note: change.note } : {}),
        };
        return this.deps.store.createRequest({
          kind: 'apply',
          cluster: change.cluster,
          namespace: change.namespace,
          team: env.team ?? '',
          requestedBy: identity.user,
          summary: applySummary(plan.results, change.force),
          diff: plan.diff,
          payload: payload as unknown as JsonObject,
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
    /** The digest of an {@link ApprovalReview} the approver saw and accepts (see {@link ApprovalChangedError}). */
    confirm?: string,
  ): Promise<ApprovalRequest> {
    const pending = await this.deps.store.get(id);
    if (!pending) throw new NotFoundError(`No approval request ${id}`);
    let checked: ApplyPlan | undefined;
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
        if (
          decision === 'approve' &&
          pending.kind !== 'environment-clone' &&
          pending.status === 'pending' &&
          pending.requestedBy !== identity.user
        ) {
          checked = await this.review(pending, identity, confirm);
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
        ? await this.run(decided, identity, checked)
        : decided;
    await this.deps.notifier?.approvalDecided(result);
    return result;
  }

  /** Runs an approved change as recorded, as the approver, and records how it ended. */
  private async run(
    request: ApprovalRequest,
    approver: ClusterIdentity,
    checked?: ApplyPlan,
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
          () => this.runApply(request, approver, checked),
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

  /** The approver's own server-side dry run of a recorded apply against the live objects. */
  private planAsApprover(
    request: ApprovalRequest,
    approver: ClusterIdentity,
    mode: 'dry-run' | 'read-only',
  ): Promise<ApplyPlan> {
    const payload = request.payload as unknown as ApplyPayload;
    return this.deps.engine.plan({
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
      mode,
    });
  }

  /**
   * Before an apply is approved: the approver's dry run against the live objects. When the live objects
   * changed since the request (its diff differs from the recorded one) or the change now removes fields,
   * nothing runs until the approver confirms this very review (`confirm` = its digest); a confirmation of
   * an older review is refused the same way, with the new one. Returns the checked plan to apply.
   */
  private async review(
    request: ApprovalRequest,
    approver: ClusterIdentity,
    confirm: string | undefined,
  ): Promise<ApplyPlan> {
    const payload = request.payload as unknown as ApplyPayload;
    const [preview, plan] = await Promise.all([
      this.planAsApprover(request, approver, 'read-only'),
      this.planAsApprover(request, approver, 'dry-run'),
    ]);
    const changedSinceRequest = payload.previewDigest
      ? sha256(preview.diff) !== payload.previewDigest
      : preview.diff !== request.diff;
    const removedFields = plan.removedFields ?? [];
    if (!changedSinceRequest && removedFields.length === 0) return plan;
    const facts = {
      diff: plan.diff,
      removedFields,
      changedSinceRequest,
      force: payload.force === true,
    };
    const digest = reviewDigest(request.id, approver.user, facts);
    if (confirm === digest) return plan;
    const reasons = [
      changedSinceRequest &&
        'the live objects changed since it was requested, so it would now do something else than the diff it was requested with',
      removedFields.length > 0 &&
        `it removes ${
          removedFields.length
        } field(s) from live objects: ${removedFields.slice(0, 5).join(', ')}${
          removedFields.length > 5 ? ', …' : ''
        }`,
    ].filter(Boolean);
    const now = plan.results
      .map(r => `${r.kind} ${r.name} ${r.result}`)
      .join(', ');
    throw new ApprovalChangedError(
      `${
        confirm ? 'The confirmation given is for an earlier review; ' : ''
      }approval request ${request.id} was not run: ${reasons.join(
        '; and ',
      )}. Now it would do: ${now || 'nothing'}${
        facts.force ? ' (with force)' : ''
      }. Review the new diff (error.review.diff) and approve again with confirm: "${digest}"`,
      { ...facts, digest },
    );
  }

  /** Applies an approved change's manifests as the approver: the checked plan, or a fresh dry run. */
  private async runApply(
    request: ApprovalRequest,
    approver: ClusterIdentity,
    checked?: ApplyPlan,
  ) {
    const payload = request.payload as unknown as ApplyPayload;
    const plan =
      checked ?? (await this.planAsApprover(request, approver, 'dry-run'));
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

/**
 * Refuses an apply request whose names are not exactly Kubernetes names, or whose manifests name another
 * namespace than the one the request is checked for; each problem names its field.
 */
function requireOneEnvironment(change: ApplyChange): void {
  const problems: string[] = [];
  const namespaceProblem = kubernetesNameProblem(
    'namespace',
    change.namespace,
    'label',
  );
  if (namespaceProblem) problems.push(namespaceProblem);
  change.manifests.forEach((manifest, i) => {
    const found = validateObject(manifest);
    problems.push(...found.map(p => `manifests[${i}].${p}`));
    const namespace = manifest?.metadata?.namespace;
    if (
      found.length === 0 &&
      namespace !== undefined &&
      namespace !== change.namespace
    ) {
      problems.push(
        `manifests[${i}].metadata.namespace: "${namespace}" differs from namespace "${change.namespace}", the environment this request is checked for; leave metadata.namespace out or set it to "${change.namespace}"`,
      );
    }
  });
  if (problems.length > 0) throw new InputError(problems.join('; '));
}
