import {
  AuditorService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { pavedEnvironmentDeletePermission } from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  loadEnvironmentResource,
  requireEnvironmentPermission,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { PavedBackendClient } from '../../paved/PavedBackendClient';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentService } from '@paved/plugin-paved-node';
import { clusterIdentityOf as initiatorIdentity } from '@paved/plugin-paved-node';
import { deleteEnvironmentExamples } from './delete.examples';
import { requireKubernetesNames } from '../../paved/requireNames';

/**
 * Creates the `kubernetes:environment:delete` action.
 *
 * @public
 */
export function createEnvironmentDeleteAction(options: {
  environments: EnvironmentService;
  userInfo: UserInfoService;
  auditor?: AuditorService;
  permissions: PermissionsService;
  clusters: ClusterRegistry;
  paved?: PavedBackendClient;
}) {
  const { environments, userInfo, auditor, permissions, clusters, paved } =
    options;
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
      requireKubernetesNames([['namespace', ctx.input.namespace, 'label']]);
      const credentials = await ctx.getInitiatorCredentials();
      const actor = await initiatorIdentity(userInfo, credentials);
      await audited(
        { auditor, paved },
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
            clusters,
            ctx.input.cluster,
            ctx.input.namespace,
          );
          // a namespace that does not exist is reported by the service, with the fix
          if (env) {
            await requireEnvironmentPermission(
              permissions,
              credentials,
              pavedEnvironmentDeletePermission,
              env,
            );
          }
          await environments.delete({
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
