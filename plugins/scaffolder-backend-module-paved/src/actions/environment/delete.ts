import { AuditorService, UserInfoService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentService } from '@paved/plugin-paved-node';
import { clusterIdentityOf as initiatorIdentity } from '@paved/plugin-paved-node';
import { deleteEnvironmentExamples } from './delete.examples';

/**
 * Creates the `kubernetes:environment:delete` action.
 *
 * @public
 */
export function createEnvironmentDeleteAction(options: {
  environments: EnvironmentService;
  userInfo: UserInfoService;
  auditor?: AuditorService;
}) {
  const { environments, userInfo, auditor } = options;
  return createTemplateAction({
    id: 'kubernetes:environment:delete',
    description:
      'Deletes an environment and everything in it. Only Paved-managed environments of your teams; protected ones only by platform admins.',
    examples: deleteEnvironmentExamples,
    schema: {
      input: {
        cluster: z =>
          z.string({
            description: 'Cluster name from kubernetes.clusterLocatorMethods',
          }),
        namespace: z =>
          z.string({ description: 'Namespace of the environment to delete' }),
      },
    },
    async handler(ctx) {
      const actor = await initiatorIdentity(
        userInfo,
        await ctx.getInitiatorCredentials(),
      );
      const audit = await auditor?.createEvent({
        eventId: 'environment-delete',
        severityLevel: 'high',
        meta: {
          actor: actor.user,
          cluster: ctx.input.cluster,
          namespace: ctx.input.namespace,
        },
      });
      try {
        await environments.delete({
          cluster: ctx.input.cluster,
          namespace: ctx.input.namespace,
          actor,
          log: line => ctx.logger.info(line),
        });
        await audit?.success();
      } catch (error) {
        await audit?.fail({ error: error as Error });
        throw error;
      }
    },
  });
}
