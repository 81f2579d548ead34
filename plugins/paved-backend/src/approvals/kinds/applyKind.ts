import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  ApplyApprovalChange,
  ChangeImpact,
  PavedEnvironmentResource,
  kubernetesNameProblem,
  pavedEnvironmentApplyPermission,
} from '@paved/plugin-paved-common';
import {
  ApplyPlan,
  ClusterIdentity,
  ClusterRegistry,
  loadEnvironmentResource,
  decideEnvironmentChange,
  findGitOpsTarget,
  validateObject,
  withRevision,
} from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import {
  applySummary,
  describeObjects,
  objectsTarget,
  sha256,
} from '../approvalView';
import {
  ApprovalKindDeps,
  MAX_WAIT_SECONDS,
  defineApprovalKind,
  storedObjectSchema,
} from './ApprovalKind';
import { planAsApprover, reviewApply } from './applyReview';
import { requireProposalOnly } from './requireProposalOnly';
import { requireOverBudget } from './requireOverBudget';
import {
  gitOpsPullRequestSchema,
  mergeGitOpsPullRequest,
  openGitOpsPullRequest,
} from './applyGitOps';

/** What an approved apply runs, as recorded with the request. */
const applyPayloadSchema = z.object({
  manifests: z.array(storedObjectSchema).min(1),
  force: z.boolean(),
  wait: z.boolean(),
  timeoutSeconds: z.number().int().min(1).max(MAX_WAIT_SECONDS),
  /** The requester's free text, shown as their note only. */
  note: z.string().optional(),
  /** SHA-256 of the diff shown at request time (live objects vs. the change), to notice later changes. */
  previewDigest: z.string().optional(),
  /** Blast radius and cost forecast of the requester's plan, shown to the lead. */
  impact: z
    .custom<ChangeImpact>(v => typeof v === 'object' && v !== null)
    .optional(),
  /** For a GitOps environment: the pull request whose merge is the approved change. */
  gitops: gitOpsPullRequestSchema.optional(),
});

/** The live environment a request is about; refused when its namespace does not exist. */
async function liveEnvironment(
  clusters: ClusterRegistry,
  cluster: string,
  namespace: string,
): Promise<PavedEnvironmentResource> {
  const env = await loadEnvironmentResource(clusters, cluster, namespace);
  if (!env) {
    throw new NotFoundError(
      `No namespace ${namespace} on cluster ${cluster}; create the environment first`,
    );
  }
  return env;
}

/**
 * Refuses an apply request whose names are not exactly Kubernetes names, or whose manifests name another
 * namespace than the one the request is checked for; each problem names its field.
 */
function requireOneEnvironment(change: ApplyApprovalChange): void {
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

/**
 * Refuses a plan that writes outside the request's environment: what the plan writes, not what the
 * manifests say, since a cluster-scoped kind lands outside the environment.
 */
function requireNoStrays(plan: ApplyPlan, change: ApplyApprovalChange): void {
  const strays = plan.results
    .filter(r => r.namespace !== change.namespace)
    .map(r => ({
      r,
      i: change.manifests.findIndex(
        m => m.kind === r.kind && m.metadata.name === r.name,
      ),
    }));
  if (strays.length === 0) return;
  throw new InputError(
    strays
      .map(
        ({ r, i }) =>
          `manifests[${i}]: ${r.kind} ${r.name} ${
            r.namespace ? `is in namespace ${r.namespace}` : 'is cluster-scoped'
          }; a request covers objects of the one environment ${
            change.namespace
          }`,
      )
      .join('; '),
  );
}

/**
 * Refuses a request whose manifests carry Secret values: a request waits in Paved's database, and Paved keeps
 * no secret value there. The Secrets card asks for the keys instead, and the approving lead enters the values.
 */
function requireNoSecretValues(change: ApplyApprovalChange) {
  const carrying = change.manifests.filter(
    o =>
      o.kind === 'Secret' &&
      [o.data, o.stringData].some(
        v => v && typeof v === 'object' && Object.keys(v).length > 0,
      ),
  );
  if (carrying.length > 0) {
    throw new InputError(
      `manifests: ${carrying
        .map(o => `Secret ${o.metadata.name}`)
        .join(
          ', ',
        )} carries values, which a change request never stores; leave the Secret out of the change and ask for its keys on the Secrets card of ${
        change.namespace
      } (the approving lead enters the values)`,
    );
  }
}

/**
 * Manifests applied to one protected environment: requested with the requester's read-only plan (its diff
 * and summary), reviewed by the approver's own dry run, applied as the approver.
 */
export function applyKind({
  clusters,
  engine,
  permissions,
  revisions,
  budgets,
  deployRepository,
}: ApprovalKindDeps) {
  return defineApprovalKind({
    kind: 'apply',
    payload: applyPayloadSchema,
    async propose(
      change: ApplyApprovalChange,
      { credentials, identity, agent },
    ) {
      requireOneEnvironment(change);
      const { cluster, namespace } = change;
      return {
        cluster,
        namespace,
        target: objectsTarget(describeObjects(change.manifests)),
        async prepare() {
          requireNoSecretValues(change);
          const env = await liveEnvironment(clusters, cluster, namespace);
          const denied = `${
            identity.user
          } may not change ${cluster}/${namespace} nor ask for changes there: it belongs to ${
            env.team ?? 'no team'
          }`;
          let needsLead = true;
          if (change.reason !== 'over-budget') {
            needsLead = await requireProposalOnly(
              permissions,
              credentials,
              pavedEnvironmentApplyPermission,
              env,
              {
                denied,
                allowed: `${identity.user} may apply to ${cluster}/${namespace} directly; no approval is needed`,
              },
              agent !== undefined,
            );
          } else if (
            (await decideEnvironmentChange(
              permissions,
              credentials,
              pavedEnvironmentApplyPermission,
              env,
            )) === 'deny'
          ) {
            throw new NotAllowedError(denied);
          }
          const target = await findGitOpsTarget(clusters, cluster, namespace);
          // Flux applies with force: the fields its own earlier applies own are no conflict for a commit
          const force = change.force || target !== undefined;
          const plan = await engine.plan({
            cluster,
            objects: change.manifests.map((object, i) => ({
              object,
              source: `manifests[${i}]`,
            })),
            defaultNamespace: namespace,
            identity,
            force,
            mode: 'read-only',
          });
          requireNoStrays(plan, change);
          if (change.reason === 'over-budget') {
            await requireOverBudget(budgets, { credentials, identity }, plan, {
              cluster,
              namespace,
            });
          }
          // an agent's change its user could apply still goes to a lead when it takes the team over budget,
          // as the user's own apply would
          const delta = plan.impact?.cost?.delta.max;
          if (agent && !needsLead && budgets && delta && delta > 0) {
            const check = await budgets.check(
              { credentials, identity },
              { cluster, namespace },
              delta,
            );
            needsLead = check.requiresApproval;
          }
          const summary = applySummary(plan.results, change.force);
          // a GitOps environment's change waits in a pull request, which the approval merges
          const gitops =
            target &&
            (await openGitOpsPullRequest(deployRepository, target, {
              plan,
              requester: identity,
              summary,
            }));
          return {
            team: env.team ?? '',
            needsLead,
            summary: gitops
              ? `${summary}; as pull request ${gitops.url}`
              : summary,
            diff: plan.diff,
            payload: {
              ...(gitops ? { gitops } : {}),
              manifests: plan.objects,
              force,
              wait: change.wait,
              timeoutSeconds: Math.min(change.timeoutSeconds, MAX_WAIT_SECONDS),
              previewDigest: sha256(plan.diff),
              ...(change.note ? { note: change.note } : {}),
              ...(plan.impact ? { impact: plan.impact } : {}),
            },
          };
        },
      };
    },
    open(request, payload) {
      // Applies the checked plan as the approver, then waits for the rollout when the request asked to.
      const applyAs = (plan: ApplyPlan, approver: ClusterIdentity) =>
        withRevision(
          revisions,
          {
            plan,
            actor: approver.user,
            source: { kind: 'approval', approvalId: request.id },
          },
          async onApplied => {
            const result = await engine.apply(plan, {
              identity: approver,
              force: payload.force,
              onApplied,
            });
            if (payload.wait) {
              await engine.waitForRollout(plan, {
                identity: approver,
                timeoutMs: payload.timeoutSeconds * 1000,
              });
            }
            return result;
          },
        );
      const { gitops } = payload;
      // the approved change of a GitOps environment is the merge of its pull request, checked like any other
      const deliver = (plan: ApplyPlan, approver: ClusterIdentity) =>
        gitops
          ? mergeGitOpsPullRequest(
              { clusters, deployRepository },
              request,
              gitops,
              approver,
              payload,
            )
          : applyAs(plan, approver);
      return {
        environment: () =>
          liveEnvironment(clusters, request.cluster, request.namespace),
        async review(approver, confirm) {
          const plan = await reviewApply(
            engine,
            request,
            payload,
            approver,
            confirm,
          );
          return () => deliver(plan, approver);
        },
        run: approver => async () =>
          deliver(
            await planAsApprover(engine, request, payload, approver, 'dry-run'),
            approver,
          ),
        runAudit: gitops
          ? {
              action: 'environment.gitops-merge',
              details: {
                pullRequest: gitops.url,
                repository: `${gitops.organization}/${gitops.name}`,
              },
            }
          : { action: 'kubernetes.apply' },
        facts: {
          objects: payload.manifests,
          force: payload.force,
          ...(payload.note ? { note: payload.note } : {}),
          ...(payload.impact ? { impact: payload.impact } : {}),
        },
      };
    },
  });
}
