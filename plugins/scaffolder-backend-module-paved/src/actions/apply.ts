import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { pavedEnvironmentApplyPermission } from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  ClusterRegistry,
  DeployRepository,
} from '@paved/plugin-paved-node';
import { approvalOutput } from './approvalOutput';
import {
  decideForNamespaces,
  describeEnvironment,
} from '../paved/environmentAccess';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import { withDefaults } from './defaults';
import { applyExamples } from './apply.examples';
import { readManifestSources, requireInputNamespace } from './manifestSources';
import { requireKubernetesNames } from '../paved/requireNames';
import { clusterInput, jsonObjectField } from './inputFields';
import { initiatorOf } from './initiator';
import { requestApplyApproval } from './applyApproval';
import { planAndApply } from './applyPlan';
import { gitOpsDeliveryOf } from './applyGitOps';

/** Defaults of the optional inputs. */
export const APPLY_DEFAULTS = {
  force: false,
  wait: true,
  timeout: 300,
} as const;

/**
 * Creates the `kubernetes:apply` action: guardrails, a server-side dry run with a diff, server-side apply,
 * and a wait for rollouts, as the user who started the task where the cluster impersonates.
 *
 * @public
 */
export function createKubernetesApplyAction(options: {
  engine: ApplyEngine;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  clusters: ClusterRegistry;
  auditor?: AuditorService;
  /** Where approval requests and the audit trail go; without it, changes needing approval are refused. */
  paved?: PavedBackendClient;
  /** Where changes to GitOps environments are committed; without it, every environment is applied directly. */
  deployRepository?: DeployRepository;
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
        cluster: clusterInput,
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
            .union([z.string(), z.array(jsonObjectField(z))], {
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
        component: z =>
          z
            .string({
              description:
                'For an environment delivered by GitOps: the deploy repository folder of these objects (default: their backstage.io/kubernetes-id label)',
            })
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
            .optional(),
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
        commit: z =>
          z
            .object(
              {
                sha: z.string().optional(),
                repository: z.string(),
                branch: z.string(),
                path: z.string(),
                changed: z.array(z.string()),
              },
              {
                description:
                  'For an environment delivered by GitOps: the commit to its deploy repository (no sha in a dry run) and the files it changed',
              },
            )
            .optional(),
        impact: z =>
          z
            .object(
              {},
              {
                description:
                  'Blast radius (restarting pods, Services, PDB/HPA conflicts, cut traffic, components and owners) and monthly cost forecast of the change',
              },
            )
            .passthrough()
            .optional(),
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
      const { credentials, actor: identity } = await initiatorOf(ctx, userInfo);
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
      const gated = decisions.find(d => d.decision === 'approval-required');
      // a GitOps environment gets a commit (a pull request when a lead must approve: the backend opens it)
      const gitops = gated
        ? undefined
        : await gitOpsDeliveryOf(
            { clusters, repository: options.deployRepository },
            input.cluster,
            namespaces,
          );
      if (gated) {
        const { diff, approval } = await requestApplyApproval(ctx, {
          paved,
          env: gated.environment,
          environmentCount: decisions.length,
          actor: identity.user,
          sources,
          input,
          credentials,
        });
        ctx.output('applied', []);
        ctx.output('diff', diff);
        ctx.output('warnings', []);
        ctx.output('approval', approval);
        return;
      }
      await planAndApply(ctx, {
        engine,
        auditor,
        paved,
        permissions,
        credentials,
        identity,
        input,
        sources,
        authorizedNamespaces: decisions
          .filter(d => d.decision === 'allow')
          .map(d => d.environment.namespace),
        gitops,
        component: input.component,
        onOverBudget: async check => {
          const env = decisions.find(
            d => d.environment.team === check.team,
          )?.environment;
          if (!env) {
            throw new NotAllowedError(
              `${
                check.message ?? 'The change is over budget'
              }; nothing was applied`,
            );
          }
          const { diff, approval } = await requestApplyApproval(ctx, {
            paved,
            env,
            environmentCount: decisions.length,
            actor: identity.user,
            sources,
            input,
            credentials,
            reason: 'over-budget',
          });
          ctx.output('applied', []);
          ctx.output('diff', diff);
          ctx.output('warnings', check.message ? [check.message] : []);
          ctx.output('approval', approval);
        },
      });
    },
  });
}
