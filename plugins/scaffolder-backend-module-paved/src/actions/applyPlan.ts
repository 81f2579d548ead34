import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ApplyEngine,
  ClusterIdentity,
  SourcedObject,
  redactSecrets,
  withRevision,
} from '@paved/plugin-paved-node';
import { createHash } from 'node:crypto';
import { BudgetCheck } from '@paved/plugin-paved-common';
import { audited } from '../paved/audited';
import { checkBudget, describeImpact } from './impact';
import { isPlatformAdminCaller } from '../paved/environmentAccess';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import { logPartialApply } from './partialApply';
import { GitOpsDelivery, commitToDeployRepository } from './applyGitOps';

/** The parts of the apply action's context this step uses. */
type ApplyContext = Pick<
  ActionContext<any, any>,
  | 'isDryRun'
  | 'logger'
  | 'checkpoint'
  | 'output'
  | 'task'
  | 'templateInfo'
  | 'signal'
>;

/** `Kind namespace/name`, or `Kind name` for a cluster-scoped object, as the task log names objects. */
function objectName(o: { kind: string; namespace?: string; name: string }) {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/**
 * Checks the objects against the guardrails and a server-side dry run, logs what would change and, unless
 * this is a dry run, applies them (audited, idempotent across task retries) and waits for rollouts. Sets the
 * `applied`, `diff` and `warnings` outputs.
 */
export async function planAndApply(
  ctx: ApplyContext,
  options: {
    engine: ApplyEngine;
    auditor?: AuditorService;
    paved?: PavedBackendClient;
    permissions: PermissionsService;
    credentials: BackstageCredentials;
    identity: ClusterIdentity;
    input: {
      cluster: string;
      namespace?: string;
      force: boolean;
      wait: boolean;
      timeout: number;
    };
    sources: SourcedObject[];
    /** Namespaces the user may change directly. */
    authorizedNamespaces: string[];
    /** Makes the change a change request when its cost forecast pushes the team over budget. */
    onOverBudget?: (check: BudgetCheck) => Promise<void>;
    /** The environment is delivered by GitOps: the checked objects are committed instead of applied. */
    gitops?: GitOpsDelivery;
    /** The deploy repository folder of a GitOps commit, when the objects do not name it by their label. */
    component?: string;
  },
): Promise<void> {
  const { engine, identity, input } = options;
  ctx.logger.info(
    `Checking ${options.sources.length} object(s) for cluster ${
      input.cluster
    } as ${identity.user} (${identity.groups.join(', ') || 'no groups'})`,
  );
  const plan = await engine.plan({
    cluster: input.cluster,
    objects: options.sources,
    defaultNamespace: input.namespace,
    identity,
    // Flux applies with force: the fields its own earlier applies own are no conflict for a commit
    force: input.force || options.gitops !== undefined,
    authorizedNamespaces: options.authorizedNamespaces,
    platformAdmin: await isPlatformAdminCaller(
      options.permissions,
      options.credentials,
    ),
  });
  ctx.logger.info(
    'Guardrails passed; the server-side dry run accepted every object',
  );
  for (const r of plan.results) {
    ctx.logger.info(`  ${objectName(r)}: would be ${r.result}`);
  }
  ctx.logger.info(plan.diff ? `Diff:\n${plan.diff}` : 'Diff: no changes');
  plan.warnings.forEach(w => ctx.logger.warn(w));
  if (plan.impact) {
    describeImpact(plan.impact).forEach(line => ctx.logger.info(line));
    ctx.output('impact', plan.impact);
  }
  const budget = await checkBudget(plan, options);
  if (budget?.message) ctx.logger.warn(budget.message);
  if (budget?.requiresApproval && options.onOverBudget) {
    await options.onOverBudget(budget);
    return;
  }
  if (ctx.isDryRun) {
    ctx.output('applied', plan.results);
    ctx.output('diff', plan.diff);
    ctx.output('warnings', plan.warnings);
    return;
  }

  const key = createHash('sha256')
    .update(
      JSON.stringify([
        input.cluster,
        input.namespace,
        input.force,
        redactSecrets(plan.objects),
      ]),
    )
    .digest('hex')
    .slice(0, 16);
  if (options.gitops) {
    await commitToDeployRepository(ctx, {
      delivery: options.gitops,
      plan,
      identity,
      input: { ...input, component: options.component },
      auditor: options.auditor,
      paved: options.paved,
      key,
    });
    return;
  }
  const objectNames = plan.results.map(objectName);
  await audited(
    { auditor: options.auditor, paved: options.paved },
    {
      eventId: 'kubernetes-apply',
      action: 'kubernetes.apply',
      actor: identity.user,
      cluster: input.cluster,
      namespace: input.namespace ?? plan.results[0]?.namespace,
      target: objectNames.join(', ').slice(0, 1000),
      meta: { objects: objectNames },
    },
    async () =>
      withRevision(
        options.paved && {
          record: r => options.paved!.recordRevision(r),
        },
        {
          plan,
          actor: identity.user,
          source: {
            kind: 'apply',
            ...(ctx.templateInfo?.entityRef
              ? { template: ctx.templateInfo.entityRef }
              : {}),
            ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
          },
        },
        async onApplied => {
          let reported = 0;
          const result = await ctx.checkpoint({
            key: `kubernetes-apply-${key}`,
            fn: async () =>
              engine
                .apply(plan, {
                  identity,
                  force: input.force,
                  signal: ctx.signal,
                  onApplied: a => {
                    reported++;
                    onApplied(a);
                    ctx.logger.info(`${objectName(a)} ${a.result}`);
                  },
                })
                .catch(error => {
                  throw logPartialApply(ctx.logger, error);
                }),
          });
          // a retried task skips the apply it already did; its objects are the result's
          if (reported === 0) result.applied.forEach(onApplied);
          result.warnings.forEach(w => ctx.logger.warn(w));
          if (input.wait) {
            await engine.waitForRollout(plan, {
              identity,
              timeoutMs: input.timeout * 1000,
              onProgress: line => ctx.logger.info(line),
            });
          }
          ctx.output('applied', result.applied);
          ctx.output('diff', plan.diff);
          ctx.output('warnings', [...plan.warnings, ...result.warnings]);
          return result;
        },
      ),
    result => ({
      meta: {
        applied: result.applied.map(a => `${a.kind} ${a.name} ${a.result}`),
      },
    }),
  );
}
