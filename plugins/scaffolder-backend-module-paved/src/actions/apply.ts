import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pavedEnvironmentApplyPermission } from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ClusterRegistry,
  SourcedObject,
  redactSecrets,
} from '@paved/plugin-paved-node';
import { audited } from '../paved/audited';
import { approvalOutput } from './approvalOutput';
import {
  decideForNamespaces,
  describeEnvironment,
  isPlatformAdminCaller,
} from '../paved/environmentAccess';
import { PavedBackendClient } from '../paved/PavedBackendClient';
import { withDefaults } from './defaults';
import { clusterIdentityOf as initiatorIdentity } from '@paved/plugin-paved-node';
import { createHash } from 'node:crypto';
import { applyExamples } from './apply.examples';
import { readManifestSources } from './manifestSources';
import { requireKubernetesNames } from '../paved/requireNames';

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
  permissions: PermissionsService;
  clusters: ClusterRegistry;
  auditor?: AuditorService;
  /** Where approval requests and the audit trail go; without it, changes needing approval are refused. */
  paved?: PavedBackendClient;
}) {
  const { engine, userInfo, auditor, permissions, clusters, paved } = options;
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
        approval: approvalOutput('change'),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, APPLY_DEFAULTS);
      requireKubernetesNames([['namespace', input.namespace, 'label']]);
      const sources = await readManifestSources({
        workspacePath: ctx.workspacePath,
        paths: input.paths,
        inline: input.manifests,
      });
      requireInputNamespace(sources, input.namespace);
      const credentials = await ctx.getInitiatorCredentials();
      const identity = await initiatorIdentity(userInfo, credentials);
      const namespaces = sources
        .map(({ object }) => object.metadata.namespace ?? input.namespace)
        .filter((ns): ns is string => Boolean(ns));
      const decisions = await decideForNamespaces(
        { permissions, clusters },
        credentials,
        pavedEnvironmentApplyPermission,
        input.cluster,
        namespaces,
      );
      const denied = decisions.filter(d => d.decision === 'deny');
      if (denied.length > 0) {
        const error = new NotAllowedError(
          `${identity.user} may not apply to ${denied
            .map(d => describeEnvironment(d.environment))
            .join(
              ', ',
            )} (paved.environment.apply); nothing was applied. Deploy to an environment of your team, or ask a member of the owning team`,
        );
        await paved?.recordAudit({
          actor: identity.user,
          action: 'kubernetes.apply',
          outcome: 'refused',
          cluster: input.cluster,
          namespace: denied[0].environment.namespace,
          message: error.message,
        });
        throw error;
      }
      const gated = decisions.filter(d => d.decision === 'approval-required');
      if (gated.length > 0) {
        const env = gated[0].environment;
        if (decisions.length > 1) {
          throw new InputError(
            `namespace: ${describeEnvironment(
              env,
            )} needs approval for changes, so a change to it must target it alone; split the manifests by namespace`,
          );
        }
        ctx.logger.info(
          `${describeEnvironment(env)} is protected: ${
            identity.user
          } may propose changes there, and a team lead of ${
            env.team
          } approves them`,
        );
        if (ctx.isDryRun) {
          ctx.output('applied', []);
          ctx.output('diff', '');
          ctx.output('warnings', []);
          ctx.output('approval', {
            id: '(dry run)',
            status: 'would-be-requested',
            namespace: env.namespace,
            team: env.team ?? '',
          });
          return;
        }
        if (!paved) {
          throw new NotAllowedError(
            `${describeEnvironment(
              env,
            )} needs approval for your changes, and approvals are not available here (the Paved backend plugin is not installed)`,
          );
        }
        const request = await ctx.checkpoint({
          key: `kubernetes-apply-approval-${createHash('sha256')
            // checkpoint keys are kept with the task: no Secret value goes into them, not even hashed
            .update(
              JSON.stringify([
                input.cluster,
                env.namespace,
                redactSecrets(sources),
              ]),
            )
            .digest('hex')
            .slice(0, 16)}`,
          fn: async () =>
            paved.requestApproval(
              {
                cluster: input.cluster,
                namespace: env.namespace,
                manifests: sources.map(s => s.object),
                force: input.force,
                wait: input.wait,
                timeoutSeconds: input.timeout,
                ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
                ...(ctx.templateInfo?.entityRef
                  ? { entityRef: ctx.templateInfo.entityRef }
                  : {}),
              },
              credentials,
            ),
        });
        ctx.logger.info(
          `Approval request ${request.id} created (expires ${request.expiresAt}); nothing was applied yet.`,
        );
        ctx.logger.info(`Requested: ${request.summary}`);
        ctx.logger.info(
          request.diff ? `Diff:\n${request.diff}` : 'Diff: no changes',
        );
        ctx.output('applied', []);
        ctx.output('diff', request.diff);
        ctx.output('warnings', []);
        ctx.output('approval', {
          id: request.id,
          status: request.status,
          namespace: request.namespace,
          team: request.team,
        });
        return;
      }
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
        authorizedNamespaces: decisions
          .filter(d => d.decision === 'allow')
          .map(d => d.environment.namespace),
        platformAdmin: await isPlatformAdminCaller(permissions, credentials),
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
            redactSecrets(plan.objects),
          ]),
        )
        .digest('hex')
        .slice(0, 16);
      const objectNames = plan.results.map(
        r => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`,
      );
      await audited(
        { auditor, paved },
        {
          eventId: 'kubernetes-apply',
          action: 'kubernetes.apply',
          actor: identity.user,
          cluster: input.cluster,
          namespace: input.namespace ?? plan.results[0]?.namespace,
          target: objectNames.join(', ').slice(0, 1000),
          meta: { objects: objectNames },
        },
        async () => {
          const result = await ctx.checkpoint({
            key: `kubernetes-apply-${key}`,
            fn: async () =>
              engine.apply(plan, {
                identity,
                force: input.force,
                onApplied: a =>
                  ctx.logger.info(
                    `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${
                      a.name
                    } ${a.result}`,
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
          ctx.output('applied', result.applied);
          ctx.output('diff', plan.diff);
          ctx.output('warnings', [...plan.warnings, ...result.warnings]);
          return result;
        },
        result => ({
          meta: {
            applied: result.applied.map(a => `${a.kind} ${a.name} ${a.result}`),
          },
        }),
      );
    },
  });
}

/**
 * With a `namespace` input, every manifest that names a namespace must name that one: the permission check
 * and the write then read the same environment. Each mismatch is named by its source and field.
 */
function requireInputNamespace(
  sources: SourcedObject[],
  namespace: string | undefined,
): void {
  if (namespace === undefined) return;
  const strays = sources.filter(
    s =>
      s.object.metadata.namespace !== undefined &&
      s.object.metadata.namespace !== namespace,
  );
  if (strays.length === 0) return;
  throw new InputError(
    strays
      .map(
        s =>
          `${s.source}: metadata.namespace: "${s.object.metadata.namespace}" differs from the input namespace "${namespace}"; leave metadata.namespace out or set it to "${namespace}", or apply to each namespace in a step of its own`,
      )
      .join('; '),
  );
}
