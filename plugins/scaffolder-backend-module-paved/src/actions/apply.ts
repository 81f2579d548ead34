import { UserInfoService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ClusterRegistry, applyObjects } from '@paved/plugin-paved-node';
import { applyExamples } from './apply.examples';
import { readManifestSources } from './manifestSources';

/**
 * Creates the `kubernetes:apply` action: server-side apply of manifests to a configured cluster, as the
 * user who started the task where the cluster impersonates.
 *
 * @public
 */
export function createKubernetesApplyAction(options: {
  clusters: ClusterRegistry;
  userInfo: UserInfoService;
}) {
  return createTemplateAction({
    id: 'kubernetes:apply',
    description:
      'Applies Kubernetes manifests with server-side apply (field manager "paved"), reporting each object as created, configured or unchanged.',
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
              description: 'Namespace for namespaced objects that name none',
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
            .default(false),
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
            { description: 'Each object with what applying it did' },
          ),
      },
    },
    async handler(ctx) {
      const sources = await readManifestSources({
        workspacePath: ctx.workspacePath,
        paths: ctx.input.paths,
        inline: ctx.input.manifests,
      });
      const credentials = await ctx.getInitiatorCredentials();
      const identity = await options.userInfo
        .getUserInfo(credentials)
        .then(info => ({
          user: info.userEntityRef,
          groups: info.ownershipEntityRefs.filter(
            r => r !== info.userEntityRef,
          ),
        }))
        .catch(() => undefined);
      const client = await options.clusters.client(ctx.input.cluster, identity);
      if (client.impersonating) {
        ctx.logger.info(
          `Acting as ${client.impersonating.user} on cluster ${ctx.input.cluster}`,
        );
      }
      const mode = ctx.isDryRun ? ' (server-side dry run)' : '';
      ctx.logger.info(
        `Applying ${sources.length} object(s) to cluster ${ctx.input.cluster}${mode}`,
      );
      const results = await ctx.checkpoint({
        key: `kubernetes-apply-${ctx.input.cluster}-${
          ctx.isDryRun ? 'dry' : 'real'
        }`,
        fn: async () =>
          (
            await applyObjects(
              client,
              sources.map(s => s.object),
              {
                defaultNamespace: ctx.input.namespace,
                dryRun: ctx.isDryRun,
                force: ctx.input.force,
                onApplied: applied =>
                  ctx.logger.info(
                    `${applied.kind} ${
                      applied.namespace ? `${applied.namespace}/` : ''
                    }${applied.name} ${applied.result}${mode}`,
                  ),
              },
            )
          ).map(r => r.applied),
      });
      ctx.output('applied', results);
    },
  });
}
