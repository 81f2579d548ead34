import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ApplyEngine } from '@paved/plugin-paved-node';
import { withDefaults } from './defaults';
import { clusterIdentityOf as initiatorIdentity } from '@paved/plugin-paved-node';
import { createHash } from 'node:crypto';
import { applyExamples } from './apply.examples';
import { readManifestSources } from './manifestSources';

/**
 * Creates the `kubernetes:apply` action: guardrails, a server-side dry run with a diff, server-side apply,
 * and a wait for rollouts, as the user who started the task where the cluster impersonates.
 *
 * @public
 */
/** Defaults of the optional inputs. */
export const APPLY_DEFAULTS = {
  force: false,
  wait: true,
  timeout: 300,
} as const;

export function createKubernetesApplyAction(options: {
  engine: ApplyEngine;
  userInfo: UserInfoService;
  auditor?: AuditorService;
}) {
  const { engine, userInfo, auditor } = options;
  return createTemplateAction({
    id: 'kubernetes:apply',
    description:
      'Deploys Kubernetes manifests: checks guardrails, runs a server-side dry run and prints the diff, applies with server-side apply (field manager "paved") and waits for rollouts.',
    examples: applyExamples,
    supportsDryRun: true,
    schema: {
      input: {
        cluster: z =>
          z.string({
            description: 'Cluster name from kubernetes.clusterLocatorMethods',
          }),
        namespace: z =>
          z
            .string({
              description:
                'Namespace (environment) for namespaced objects that name none',
            })
            .optional(),
        paths: z =>
          z
            .array(z.string(), {
              description:
                'Workspace files or folders holding YAML/JSON manifests',
            })
            .optional(),
        manifests: z =>
          z
            .union([z.string(), z.array(z.record(z.unknown()))], {
              description: 'Inline multi-document YAML, or a list of objects',
            })
            .optional(),
        force: z =>
          z
            .boolean({
              description: 'Take over fields owned by another field manager',
            })
            .default(APPLY_DEFAULTS.force),
        wait: z =>
          z
            .boolean({
              description:
                'Wait for Deployments, StatefulSets, DaemonSets and Jobs to roll out',
            })
            .default(APPLY_DEFAULTS.wait),
        timeout: z =>
          z
            .number({
              description: 'Seconds to wait for rollouts before the step fails',
            })
            .int()
            .min(1)
            .max(3600)
            .default(APPLY_DEFAULTS.timeout),
      },
      output: {
        applied: z =>
          z.array(
            z.object({
              apiVersion: z.string(),
              kind: z.string(),
              namespace: z.string().optional(),
              name: z.string(),
              result: z.enum(['created', 'configured', 'unchanged']),
            }),
            {
              description:
                'Each object with what applying it did (or would do, in a dry run)',
            },
          ),
        diff: z =>
          z.string({
            description: 'Unified diff of live objects vs. what was applied',
          }),
        warnings: z =>
          z.array(z.string(), { description: 'Warnings from the API server' }),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, APPLY_DEFAULTS);
      const sources = await readManifestSources({
        workspacePath: ctx.workspacePath,
        paths: input.paths,
        inline: input.manifests,
      });
      const identity = await initiatorIdentity(
        userInfo,
        await ctx.getInitiatorCredentials(),
      );
      ctx.logger.info(
        `Checking ${sources.length} object(s) for cluster ${input.cluster} as ${
          identity.user
        } (${identity.groups.join(', ') || 'no groups'})`,
      );
      const plan = await engine.plan({
        cluster: input.cluster,
        objects: sources,
        defaultNamespace: input.namespace,
        identity,
        force: input.force,
      });
      ctx.logger.info(
        'Guardrails passed; the server-side dry run accepted every object',
      );
      for (const r of plan.results) {
        ctx.logger.info(
          `  ${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${
            r.name
          }: would be ${r.result}`,
        );
      }
      ctx.logger.info(plan.diff ? `Diff:\n${plan.diff}` : 'Diff: no changes');
      plan.warnings.forEach(w => ctx.logger.warn(w));
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
            plan.objects,
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      const audit = await auditor?.createEvent({
        eventId: 'kubernetes-apply',
        severityLevel: 'medium',
        meta: {
          actor: identity.user,
          cluster: input.cluster,
          objects: plan.results.map(
            r => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
          ),
        },
      });
      try {
        const result = await ctx.checkpoint({
          key: `kubernetes-apply-${key}`,
          fn: async () =>
            engine.apply(plan, {
              identity,
              force: input.force,
              onApplied: a =>
                ctx.logger.info(
                  `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name} ${
                    a.result
                  }`,
                ),
            }),
        });
        result.warnings.forEach(w => ctx.logger.warn(w));
        if (input.wait) {
          await engine.waitForRollout(plan, {
            identity,
            timeoutMs: input.timeout * 1000,
            onProgress: line => ctx.logger.info(line),
          });
        }
        await audit?.success({
          meta: {
            applied: result.applied.map(a => `${a.kind} ${a.name} ${a.result}`),
          },
        });
        ctx.output('applied', result.applied);
        ctx.output('diff', plan.diff);
        ctx.output('warnings', [...plan.warnings, ...result.warnings]);
      } catch (error) {
        await audit?.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
