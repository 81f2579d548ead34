import { pavedEnvironmentDeletePermission } from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  loadEnvironmentResource,
  requireEnvironmentPermission,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { deleteEnvironmentExamples } from './delete.examples';
import { requireKubernetesNames } from '../../paved/requireNames';
import { clusterInput } from '../inputFields';
import { initiatorOf } from '../initiator';
import { EnvironmentActionOptions } from './options';

/**
 * Creates the `kubernetes:environment:delete` action.
 *
 * @public
 */
export function createEnvironmentDeleteAction(
  options: EnvironmentActionOptions & { clusters: ClusterRegistry },
) {
  return createTemplateAction({
    id: 'kubernetes:environment:delete',
    description:
      'Deletes an environment and everything in it. Only Paved-managed environments of your teams; protected ones only by platform admins.',
    examples: deleteEnvironmentExamples,
    schema: {
      input: {
        cluster: clusterInput,
        namespace: z =>
          z.string({ description: 'Namespace of the environment to delete' }),
      },
    },
    async handler(ctx) {
      requireKubernetesNames([['namespace', ctx.input.namespace, 'label']]);
      const { credentials, actor } = await initiatorOf(ctx, options.userInfo);
      await audited(
        options,
        {
          eventId: 'environment-delete',
          action: 'environment.delete',
          severityLevel: 'high',
          actor: actor.user,
          cluster: ctx.input.cluster,
          namespace: ctx.input.namespace,
        },
        async () => {
          const env = await loadEnvironmentResource(
            options.clusters,
            ctx.input.cluster,
            ctx.input.namespace,
          );
          // a namespace that does not exist is reported by the service, with the fix
          if (env) {
            await requireEnvironmentPermission(
              options.permissions,
              credentials,
              pavedEnvironmentDeletePermission,
              env,
            );
          }
          await options.environments.delete({
            cluster: ctx.input.cluster,
            namespace: ctx.input.namespace,
            actor,
            log: line => ctx.logger.info(line),
          });
        },
      );
    },
  });
}
