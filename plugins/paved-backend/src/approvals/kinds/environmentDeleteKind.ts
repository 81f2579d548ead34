import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { pavedEnvironmentDeletePermission } from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  decideEnvironmentChange,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { existingEnvironment } from './existingEnvironment';
import { ApprovalKindDeps, defineApprovalKind } from './ApprovalKind';

/** An environment an AI agent asks to delete on its user's behalf. */
export interface EnvironmentDeleteChange {
  cluster: string;
  namespace: string;
  entityRef?: string;
}

/** What a confirmed deletion runs. */
const deletePayloadSchema = z.object({ wait: z.boolean() });

/**
 * Deleting an environment, asked for by an AI agent: only the user who may delete it themselves (a member of
 * its team; a protected environment only a platform admin) can ask, and it runs as that user once they
 * confirm it in Backstage. A person deletes directly (template or action), so only agents make this kind.
 */
export function environmentDeleteKind({
  clusters,
  permissions,
  environments,
}: ApprovalKindDeps) {
  return defineApprovalKind({
    kind: 'environment-delete',
    payload: deletePayloadSchema,
    async propose(
      change: EnvironmentDeleteChange,
      { credentials, identity, agent },
    ) {
      const { cluster, namespace } = change;
      return {
        cluster,
        namespace,
        target: `environment ${namespace}`,
        async prepare() {
          if (!agent) {
            throw new InputError(
              'Deleting an environment waits for no one: delete it with the "Delete an environment" template',
            );
          }
          const env = await loadEnvironmentResource(
            clusters,
            cluster,
            namespace,
          );
          const summary = await environments.get(cluster, namespace);
          if (!env?.team || !summary) {
            throw new NotFoundError(
              `namespace: no Paved environment ${namespace} on cluster ${cluster}; list the component's environments to pick one`,
            );
          }
          const decision = await decideEnvironmentChange(
            permissions,
            credentials,
            pavedEnvironmentDeletePermission,
            env,
          );
          if (decision !== 'allow') {
            throw new NotAllowedError(
              `${identity.user} may not delete ${cluster}/${namespace}${
                env.protected
                  ? `: it is protected (${summary.environment}), and only platform admins delete protected environments`
                  : `: it belongs to ${env.team}`
              }`,
            );
          }
          return {
            team: env.team,
            needsLead: false,
            summary: `Delete the environment ${namespace} (${summary.environment} of ${env.team}) and everything in it`,
            diff: `--- live/Namespace/${namespace}\n+++ /dev/null (deleted, with every object in it)\n`,
            payload: { wait: false },
          };
        },
      };
    },
    open(request, payload) {
      const run = (actor: ClusterIdentity) => () =>
        environments.delete({
          cluster: request.cluster,
          namespace: request.namespace,
          actor,
          wait: payload.wait,
        });
      return {
        environment: () =>
          existingEnvironment(clusters, request.cluster, request.namespace),
        review: async approver => run(approver),
        run,
        runAudit: { action: 'environment.delete' },
        facts: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'Namespace',
              metadata: { name: request.namespace },
            },
          ],
          force: false,
        },
      };
    },
  });
}
