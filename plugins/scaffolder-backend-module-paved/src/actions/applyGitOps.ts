import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ApplyPlan,
  ClusterIdentity,
  ClusterRegistry,
  DeployRepository,
  GitOpsTarget,
  PavedBackendClient,
  deployComponentOf,
  findGitOpsTarget,
} from '@paved/plugin-paved-node';
import { audited } from '../paved/audited';

/** The parts of the apply action's context this step uses. */
type GitOpsContext = Pick<
  ActionContext<any, any>,
  'logger' | 'checkpoint' | 'output' | 'signal'
>;

/**
 * How an apply reaches a GitOps environment: the environment's Flux delivery and the deploy repository Paved
 * writes to.
 */
export interface GitOpsDelivery {
  target: GitOpsTarget;
  repository: DeployRepository;
}

/**
 * The GitOps delivery of the environment the objects go to, or undefined when Paved applies to them directly.
 * Objects for a GitOps environment must go to it alone (one commit, one environment): mixed with another
 * namespace they are an InputError naming the field.
 */
export async function gitOpsDeliveryOf(
  options: { clusters: ClusterRegistry; repository?: DeployRepository },
  cluster: string,
  namespaces: string[],
): Promise<GitOpsDelivery | undefined> {
  if (!options.repository) return undefined;
  const distinct = [...new Set(namespaces)];
  for (const namespace of distinct) {
    const target = await findGitOpsTarget(options.clusters, cluster, namespace);
    if (!target) continue;
    if (distinct.length > 1) {
      throw new InputError(
        `namespace: ${cluster}/${namespace} is delivered by GitOps, so a change to it must target it alone (one commit to its deploy repository); split the manifests by namespace. Nothing was applied`,
      );
    }
    return { target, repository: options.repository };
  }
  return undefined;
}

/**
 * Delivers a checked plan to a GitOps environment: one commit of its objects to the environment's folder of
 * the deploy repository (audited, and once across task retries), a reconcile asked of Flux at once, and, when
 * the step waits, Flux's report that it applied that commit and the workloads are healthy (or its reason why
 * not). Sets the `applied`, `diff`, `warnings` and `commit` outputs.
 */
export async function commitToDeployRepository(
  ctx: GitOpsContext,
  options: {
    delivery: GitOpsDelivery;
    plan: ApplyPlan;
    identity: ClusterIdentity;
    input: {
      cluster: string;
      wait: boolean;
      timeout: number;
      component?: string;
    };
    auditor?: AuditorService;
    paved?: PavedBackendClient;
    /** Identifies this change among the task's checkpoints. */
    key: string;
  },
): Promise<void> {
  const { delivery, plan, identity, input } = options;
  const { target, repository } = delivery;
  const ref = repository.locate(target.source);
  const component = deployComponentOf(plan.objects, input.component);
  const where = `${ref.organization}/${ref.name} ${
    ref.branch
  }:${ref.path.replace(/^\.\//, '')}/${component}`;
  ctx.logger.info(
    `${target.namespace} is delivered by GitOps: committing to ${where}; Flux applies the commit as the environment's paved-gitops identity`,
  );
  await audited(
    { auditor: options.auditor, paved: options.paved },
    {
      eventId: 'kubernetes-apply',
      action: 'kubernetes.apply',
      actor: identity.user,
      cluster: input.cluster,
      namespace: target.namespace,
      target: where,
      meta: {
        delivery: 'gitops',
        objects: plan.results.map(r => `${r.kind} ${r.name}`),
      },
    },
    async () => {
      // a retried task does not commit again: it finds the commit it made in its checkpoint
      const written = await ctx.checkpoint({
        key: `gitops-commit-${options.key}`,
        fn: async () => {
          const w = await repository.commit(ref, {
            component,
            objects: plan.objects,
            message: `Deploy ${component} to ${target.namespace}\n\nApplied through Paved by ${identity.user}.`,
          });
          return { commit: w.commit ?? null, changed: w.changed };
        },
      });
      const commit = written.commit ?? (await repository.head(ref));
      if (written.commit) {
        ctx.logger.info(
          `Committed ${written.commit.slice(0, 12)} (${written.changed.join(
            ', ',
          )})`,
        );
      } else {
        ctx.logger.info(
          `The deploy repository already holds these objects for ${target.namespace}; nothing was committed`,
        );
      }
      await target.flux.requestReconcile(target.namespace);
      if (input.wait && commit) {
        const status = await target.flux.waitForCommit(
          target.namespace,
          commit,
          {
            timeoutMs: input.timeout * 1000,
            signal: ctx.signal,
            onProgress: s =>
              ctx.logger.info(
                `Flux: ${s.state}${s.reason ? ` (${s.reason})` : ''}`,
              ),
          },
        );
        ctx.logger.info(
          `Flux applied ${status.appliedCommit?.slice(0, 12)} to ${
            target.namespace
          } and its workloads are healthy`,
        );
      }
      ctx.output('applied', plan.results);
      ctx.output('diff', plan.diff);
      ctx.output('warnings', plan.warnings);
      ctx.output('commit', {
        ...(commit ? { sha: commit } : {}),
        repository: `${ref.organization}/${ref.name}`,
        branch: ref.branch,
        path: ref.path,
        changed: written.changed,
      });
      return written;
    },
    written => ({
      meta: {
        commit: written.commit ?? 'unchanged',
        changed: written.changed,
      },
    }),
  );
}
