import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, toError } from '@backstage/errors';
import {
  BudgetCheck,
  ChangePreview,
  GOLDEN_PATHS,
  GoldenPath,
  RouteBody,
  isGoldenPath,
  parseAppSpec,
  pavedEnvironmentApplyPermission,
  previewRoutes,
} from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ApplyPlan,
  ClusterIdentity,
  ClusterRegistry,
  KubernetesObject,
  RenderOptions,
  decideEnvironmentChange,
  isPlatformAdminCaller,
  loadEnvironmentResource,
  redactSecrets,
  renderGoldenPath,
  appSpecFromForm,
} from '@paved/plugin-paved-node';

/** The user asking for a preview. */
export interface PreviewActor {
  credentials: BackstageCredentials;
  identity: ClusterIdentity;
}

/** The body of a golden path's preview, validated. */
export type ChangePreviewBody = RouteBody<typeof previewRoutes.goldenPath>;

/** What the preview service needs. */
export interface PreviewServiceDeps {
  engine: Pick<ApplyEngine, 'plan'>;
  clusters: ClusterRegistry;
  permissions: PermissionsService;
  /** Whether the change's cost pushes the team over budget; without it no budget is checked. */
  budgets?: {
    check(
      actor: PreviewActor,
      place: { cluster: string; namespace: string },
      monthlyDelta: number,
    ): Promise<BudgetCheck>;
  };
  /** Render defaults, as the `kubernetes:manifests:render` action is given them. */
  renderDefaults?: Omit<RenderOptions, 'namespace' | 'environment'>;
}

/**
 * What a golden path's change would do in an environment, for the template's review step: the app spec as
 * `paved:app-spec:read` reads it, rendered as `kubernetes:manifests:render` renders it, then planned as the
 * user with the tiers of an apply (a server-side dry run where the user may apply, a read-only diff where
 * they may only propose the change), with its blast radius and cost forecast. Nothing is written.
 */
export class PreviewService {
  constructor(private readonly deps: PreviewServiceDeps) {}

  async preview(
    actor: PreviewActor,
    goldenPath: string,
    body: ChangePreviewBody,
  ): Promise<ChangePreview> {
    const path = requireGoldenPath(goldenPath);
    const { cluster, namespace } = body;
    const env = await loadEnvironmentResource(
      this.deps.clusters,
      cluster,
      namespace,
    );
    if (!env?.team) throw noEnvironment(cluster, namespace);
    const decision = await decideEnvironmentChange(
      this.deps.permissions,
      actor.credentials,
      pavedEnvironmentApplyPermission,
      env,
    );
    // an environment the caller may neither change nor ask to change is one they do not see
    if (decision === 'deny') throw noEnvironment(cluster, namespace);
    const objects = render(path, appSpecFromForm(body.spec, body.patches), {
      ...this.deps.renderDefaults,
      namespace,
    });
    const allowed = decision === 'allow';
    // the engine's refusals (guardrails, dry run) carry no Secret values: it scrubs them itself
    const plan = await this.deps.engine.plan({
      cluster,
      objects: objects.map(object => ({
        object,
        source: `${path} ${object.kind} ${object.metadata.name}`,
      })),
      defaultNamespace: namespace,
      identity: actor.identity,
      mode: allowed ? 'dry-run' : 'read-only',
      ...(allowed ? { authorizedNamespaces: [namespace] } : {}),
      platformAdmin: await isPlatformAdminCaller(
        this.deps.permissions,
        actor.credentials,
      ),
    });
    const budget = allowed
      ? await this.budget(actor, { cluster, namespace }, plan)
      : undefined;
    return answer(plan, {
      needsApproval: !allowed || budget?.requiresApproval === true,
      warnings: budget?.warning ? [budget.warning] : [],
    });
  }

  /** The budget check of a change that costs more; a check that fails is a warning, not a refusal. */
  private async budget(
    actor: PreviewActor,
    place: { cluster: string; namespace: string },
    plan: ApplyPlan,
  ): Promise<{ requiresApproval: boolean; warning?: string } | undefined> {
    const delta = plan.impact?.cost?.delta.max;
    if (!this.deps.budgets || !delta || delta <= 0) return undefined;
    try {
      const check = await this.deps.budgets.check(actor, place, delta);
      return {
        requiresApproval: check.requiresApproval,
        ...(check.message ? { warning: check.message } : {}),
      };
    } catch (error) {
      return {
        requiresApproval: false,
        warning: `The team's budget could not be checked: ${
          toError(error).message
        }`,
      };
    }
  }
}

/** The rendered objects of the spec; an invalid spec or patch is an InputError naming the field. */
function render(
  goldenPath: GoldenPath,
  spec: Record<string, unknown>,
  options: RenderOptions,
): KubernetesObject[] {
  // validated first on its own, as the template's app-spec step does, so its problems come first
  parseAppSpec(spec, goldenPath);
  return renderGoldenPath(spec as never, goldenPath, options);
}

/**
 * The preview of a plan: results, diff (the engine's, which shows a Secret's keys only), impact and
 * warnings; never a Secret's values.
 */
function answer(
  plan: ApplyPlan,
  extra: { needsApproval: boolean; warnings: string[] },
): ChangePreview {
  return {
    diff: plan.diff,
    results: plan.results.map(r => ({
      kind: r.kind,
      name: r.name,
      result: r.result,
    })),
    ...(plan.impact ? { impact: redactSecrets(plan.impact) } : {}),
    warnings: [...plan.warnings, ...extra.warnings],
    needsApproval: extra.needsApproval,
  };
}

function requireGoldenPath(goldenPath: string): GoldenPath {
  if (isGoldenPath(goldenPath)) return goldenPath;
  throw new InputError(
    `goldenPath: "${goldenPath}" is not a golden path; use one of ${GOLDEN_PATHS.join(
      ', ',
    )}`,
  );
}

/** A 404 for an environment the caller may not see or that does not exist. */
function noEnvironment(cluster: string, namespace: string) {
  return new NotFoundError(
    `No environment ${namespace} on cluster ${cluster} that you may see`,
  );
}
