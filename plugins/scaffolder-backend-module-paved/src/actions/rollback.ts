import { UserInfoService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { JsonObject } from '@backstage/types';
import { RollbackResult } from '@paved/plugin-paved-common';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import { requireKubernetesNames } from '../paved/requireNames';
import { withDefaults } from './defaults';
import { initiatorOf } from './initiator';
import { clusterInput } from './inputFields';
import { rollbackExamples } from './rollback.examples';

/** Defaults of the optional inputs. */
export const ROLLBACK_DEFAULTS = { wait: true, timeout: 300 } as const;

/**
 * Creates the `kubernetes:rollback` action: restores an environment to one of its revisions through the
 * Paved backend, as the user who started the task — the same road as the Revisions card's Roll back button,
 * with the same tiers (a developer's rollback of production becomes a change request).
 *
 * @public
 */
export function createKubernetesRollbackAction(options: {
  userInfo: UserInfoService;
  paved?: PavedBackendClient;
}) {
  const { userInfo, paved } = options;
  return createTemplateAction({
    id: 'kubernetes:rollback',
    description:
      'Rolls an environment back to one of its revisions: re-applies its objects with server-side apply, removes objects later revisions added (only those Paved applied), waits for the rollout and records a new revision. A change the user may only propose becomes a change request.',
    examples: rollbackExamples,
    schema: {
      input: {
        cluster: clusterInput,
        namespace: z =>
          z.string({ description: 'Namespace (environment) to roll back' }),
        revision: z =>
          z.coerce
            .number({
              description: "The environment's revision number to restore",
            })
            .int()
            .min(1),
        component: z =>
          z
            .string({
              description:
                'Only the objects of this component (backstage.io/kubernetes-id); all of the revision when left out',
            })
            .optional(),
        wait: z =>
          z
            .boolean({ description: 'Wait for the rollout' })
            .default(ROLLBACK_DEFAULTS.wait),
        timeout: z =>
          z
            .number({ description: 'Seconds to wait for the rollout' })
            .int()
            .min(1)
            .max(1800)
            .default(ROLLBACK_DEFAULTS.timeout),
        note: z =>
          z
            .string({
              description: 'For a change request: why, for the team leads',
            })
            .max(2000)
            .optional(),
      },
      output: {
        status: z =>
          z.enum(['applied', 'requested'], {
            description:
              '`applied`, or `requested` when a team lead approves it',
          }),
        revision: z =>
          z
            .number({ description: 'The revision the rollback recorded' })
            .optional(),
        approvalId: z =>
          z.string({ description: 'The change request, if any' }).optional(),
        pruned: z =>
          z.array(z.string(), {
            description: 'Objects later revisions added that were removed',
          }),
      },
    },
    async handler(ctx) {
      const input = withDefaults(ctx.input, ROLLBACK_DEFAULTS);
      requireKubernetesNames([['namespace', input.namespace, 'label']]);
      if (!paved) {
        throw new ServiceUnavailableError(
          'kubernetes:rollback needs the Paved backend plugin, which keeps the revisions; install @paved/plugin-paved-backend',
        );
      }
      const { credentials, actor } = await initiatorOf(ctx, userInfo);
      ctx.logger.info(
        `Rolling ${input.cluster}/${input.namespace} back to revision ${input.revision} as ${actor.user}`,
      );
      // the checkpoint keeps the answer as JSON, so a retried task does not roll back twice
      const result = (await ctx.checkpoint({
        key: `kubernetes-rollback-${input.cluster}-${input.namespace}-${
          input.revision
        }-${input.component ?? ''}`,
        fn: () =>
          paved.rollback(
            {
              params: {
                cluster: input.cluster,
                namespace: input.namespace,
                revision: String(input.revision),
              },
              body: {
                ...(input.component ? { component: input.component } : {}),
                wait: input.wait,
                timeoutSeconds: input.timeout,
                ...(input.note ? { note: input.note } : {}),
              },
            },
            credentials,
          ) as Promise<RollbackResult & JsonObject>,
      })) as RollbackResult;
      if (result.status === 'requested') {
        ctx.logger.info(
          `A team lead approves this rollback: change request ${result.approvalId}`,
        );
      } else {
        result.applied.forEach(a =>
          ctx.logger.info(`${a.kind} ${a.name} ${a.result}`),
        );
        result.pruned.forEach(p =>
          ctx.logger.info(`${p.kind} ${p.name} removed`),
        );
        result.removedFields.forEach(f => ctx.logger.info(`removed ${f}`));
        result.keptSecrets.forEach(s =>
          ctx.logger.info(
            `Secret ${s} kept as it is (revisions hold no values)`,
          ),
        );
        result.warnings.forEach(w => ctx.logger.warn(w));
        ctx.logger.info(`Recorded as revision ${result.revision?.revision}`);
      }
      ctx.output('status', result.status);
      if (result.revision) ctx.output('revision', result.revision.revision);
      if (result.approvalId) ctx.output('approvalId', result.approvalId);
      ctx.output(
        'pruned',
        result.pruned.map(p => `${p.kind}/${p.name}`),
      );
    },
  });
}
