import { pavedEnvironmentClonePermission } from '@paved/plugin-paved-common';
import {
  decideEnvironmentChange,
  notGrantedError,
  teamLeadsOf,
} from '@paved/plugin-paved-node';
import { audited } from '../../paved/audited';
import { approvalOutput } from '../approvalOutput';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { InputError } from '@backstage/errors';
import { withDefaults } from '../defaults';
import { cloneEnvironmentExamples } from './clone.examples';
import { requestCloneApproval } from './cloneApproval';
import { requireKubernetesNames } from '../../paved/requireNames';
import { clusterInput } from '../inputFields';
import { initiatorOf } from '../initiator';
import { EnvironmentActionOptions } from './options';
import { environmentSpecInputs, environmentSpecOf } from './specInputs';
import { logPartialApply } from '../partialApply';

/** Defaults of the optional inputs. */
export const CLONE_DEFAULTS = {
  size: 'small',
  lifecycle: 'ephemeral',
  secretPolicy: 'placeholder',
  keepOnFailure: false,
  wait: true,
  timeout: 300,
} as const;

/**
 * Creates the `kubernetes:environment:clone` action. A clone into a protected environment that the user may
 * only propose becomes an approval request (through the Paved backend) instead of running.
 *
 * @public
 */
export function createEnvironmentCloneAction(
  options: EnvironmentActionOptions & { catalog: CatalogService },
) {
  const { environments, catalog, permissions, paved } = options;
  return createTemplateAction({
    id: 'kubernetes:environment:clone',
    description:
      'Clones an environment into a new one: workloads, services, configuration, ingresses (hosts rewritten), autoscalers, budgets, cron jobs, service accounts, roles, network policies and volume claims (no data). Secrets follow the secret policy. The source is only read.',
    examples: cloneEnvironmentExamples,
    schema: {
      input: {
        cluster: clusterInput,
        targetCluster: z =>
          z
            .string({
              description:
                'Cluster the new environment is made on (name from kubernetes.clusterLocatorMethods); the source\u2019s cluster when left out',
            })
            .optional(),
        source: z =>
          z.string({ description: 'Namespace of the environment to clone' }),
        ...environmentSpecInputs(
          {
            name: 'Name of the new environment, e.g. staging or preview-142',
            team: 'Owning team of the new environment; defaults to the source\u2019s',
            size: 'Size preset of the new environment',
            ttlHours: 'Hours until an ephemeral clone is deleted',
          },
          CLONE_DEFAULTS,
        ),
        replicas: z =>
          z
            .number({
              description:
                'Replicas for every Deployment and StatefulSet, e.g. 1 for previews',
            })
            .int()
            .min(0)
            .optional(),
        secretPolicy: z =>
          z
            .enum(['placeholder', 'copy', 'skip'], {
              description:
                'placeholder: same keys, empty values to fill in; copy: values (never from protected environments); skip',
            })
            .default(CLONE_DEFAULTS.secretPolicy),
        hostRewrite: z =>
          z
            .object(
              { from: z.string(), to: z.string() },
              {
                description:
                  'Ingress host label to replace; defaults to source → target environment name',
              },
            )
            .optional(),
        keepOnFailure: z =>
          z
            .boolean({
              description:
                'Keep the half-made environment when the clone fails',
            })
            .default(CLONE_DEFAULTS.keepOnFailure),
        wait: z =>
          z
            .boolean({
              description: 'Wait for the copied workloads to roll out',
            })
            .default(CLONE_DEFAULTS.wait),
        timeout: z =>
          z
            .number({ description: 'Seconds to wait for rollouts' })
            .int()
            .min(1)
            .max(3600)
            .default(CLONE_DEFAULTS.timeout),
      },
      output: {
        namespace: z =>
          z.string({ description: 'The namespace of the new environment' }),
        objects: z =>
          z.number({
            description:
              'How many objects were copied (0 while awaiting approval)',
          }),
        approval: approvalOutput('clone'),
        missingSecretKeys: z =>
          z
            .array(z.string(), {
              description:
                'Secret keys the new environment must be given (`<secret>/<key>`, or `<secret>` for a whole Secret): its workloads read them and wait until they are set on its Secrets card',
            })
            .optional(),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, CLONE_DEFAULTS);
      requireKubernetesNames([
        ['source', input.source, 'label'],
        ['name', input.name, 'label'],
      ]);
      const { credentials, actor } = await initiatorOf(ctx, options.userInfo);
      const source = await environments.get(input.cluster, input.source);
      const team = input.team ?? source?.team ?? '';
      const teamLeads = team
        ? await teamLeadsOf(catalog, team, credentials)
        : [];
      const targetCluster = input.targetCluster ?? input.cluster;
      const target = environments.prospective(targetCluster, {
        name: input.name,
        team,
      });
      const decision = await decideEnvironmentChange(
        permissions,
        credentials,
        pavedEnvironmentClonePermission,
        target,
      );
      if (decision === 'approval-required') {
        if (targetCluster !== input.cluster) {
          throw new InputError(
            `${target.cluster}/${target.namespace} is protected and a clone into it needs approval, which Paved records for clones within one cluster only; clone on ${input.cluster} and ask a platform admin to move it, or leave targetCluster out`,
          );
        }
        ctx.logger.info(
          `${target.cluster}/${target.namespace} is protected: ${actor.user} may propose this clone, and a team lead of ${team} approves it`,
        );
        const approval = await requestCloneApproval(ctx, {
          paved,
          input,
          target,
          credentials,
        });
        ctx.output('namespace', target.namespace);
        ctx.output('objects', 0);
        ctx.output('approval', approval);
        return;
      }
      const result = await audited(
        options,
        {
          eventId: 'environment-clone',
          action: 'environment.clone',
          actor: actor.user,
          cluster: targetCluster,
          namespace: target.namespace,
          target: `${input.cluster}/${input.source} → ${targetCluster}/${input.name} of ${team}`,
          meta: { source: input.source, environment: input.name, team },
        },
        async () => {
          if (decision === 'deny') {
            throw notGrantedError(pavedEnvironmentClonePermission, target);
          }
          return ctx.checkpoint({
            key: `environment-clone-${input.cluster}-${input.source}-${team}-${
              input.name
            }${targetCluster !== input.cluster ? `-on-${targetCluster}` : ''}`,
            fn: async () => {
              const r = await environments
                .clone({
                  cluster: input.cluster,
                  ...(targetCluster !== input.cluster ? { targetCluster } : {}),
                  source: input.source,
                  target: environmentSpecOf(input, team, teamLeads),
                  actor,
                  replicas: input.replicas,
                  secretPolicy: input.secretPolicy,
                  hostRewrite: input.hostRewrite,
                  keepOnFailure: input.keepOnFailure,
                  wait: input.wait,
                  timeoutMs: input.timeout * 1000,
                  log: line => ctx.logger.info(line),
                  signal: ctx.signal,
                  ...(paved
                    ? {
                        revisions: { record: rec => paved.recordRevision(rec) },
                        revisionSource: {
                          kind: 'clone' as const,
                          ...(ctx.templateInfo?.entityRef
                            ? { template: ctx.templateInfo.entityRef }
                            : {}),
                          ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
                        },
                      }
                    : {}),
                })
                .catch(error => {
                  throw logPartialApply(ctx.logger, error);
                });
              return {
                namespace: r.namespace,
                objects: r.applied.length,
                missingSecretKeys: r.missingSecretKeys,
              };
            },
          });
        },
        r => ({ meta: r }),
      );
      ctx.output('namespace', result.namespace);
      ctx.output('objects', result.objects);
      ctx.output('missingSecretKeys', result.missingSecretKeys);
      if (result.missingSecretKeys.length > 0) {
        ctx.logger.info(
          `Set these secret keys on the Secrets card of ${
            result.namespace
          } (its workloads wait for them): ${result.missingSecretKeys.join(
            ', ',
          )}`,
        );
      }
    },
  });
}
