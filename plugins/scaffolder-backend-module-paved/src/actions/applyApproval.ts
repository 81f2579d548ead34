import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { PavedEnvironmentResource } from '@paved/plugin-paved-common';
import { SourcedObject, redactSecrets } from '@paved/plugin-paved-node';
import { createHash } from 'node:crypto';
import { describeEnvironment } from '../paved/environmentAccess';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import {
  ApprovalOutput,
  ApprovalStepContext,
  approvalOf,
  dryRunApproval,
  recordedApproval,
} from './approvalOutput';
import { taskOrigin } from './taskOrigin';

/** What a change to a protected environment leaves for the action's outputs. */
export interface ProposedChange {
  diff: string;
  approval: ApprovalOutput;
}

/**
 * Asks the Paved backend to record a change to a protected environment for a team lead to approve; nothing is
 * applied. The change must target that environment alone. Returns the request to follow (a placeholder in a
 * dry run) and the diff the backend computed.
 */
export async function requestApplyApproval(
  ctx: ApprovalStepContext,
  options: {
    paved?: PavedBackendClient;
    env: PavedEnvironmentResource;
    /** How many environments the change targets in all. */
    environmentCount: number;
    actor: string;
    sources: SourcedObject[];
    input: { cluster: string; force: boolean; wait: boolean; timeout: number };
    credentials: BackstageCredentials;
    /** Why a lead approves it: the environment is protected (default), or the change is over budget. */
    reason?: 'protected-environment' | 'over-budget';
  },
): Promise<ProposedChange> {
  const { paved, env, input, sources } = options;
  if (options.environmentCount > 1) {
    throw new InputError(
      `namespace: ${describeEnvironment(
        env,
      )} needs approval for changes, so a change to it must target it alone; split the manifests by namespace`,
    );
  }
  ctx.logger.info(
    options.reason === 'over-budget'
      ? `The change would push ${env.team} over its monthly budget: a team lead of ${env.team} approves it`
      : `${describeEnvironment(env)} is protected: ${
          options.actor
        } may propose changes there, and a team lead of ${
          env.team
        } approves them`,
  );
  if (ctx.isDryRun) {
    return {
      diff: '',
      approval: dryRunApproval(env.namespace, env.team ?? ''),
    };
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
        JSON.stringify([input.cluster, env.namespace, redactSecrets(sources)]),
      )
      .digest('hex')
      .slice(0, 16)}`,
    fn: async () =>
      recordedApproval(
        await paved.requestApproval(
          {
            kind: 'apply',
            cluster: input.cluster,
            namespace: env.namespace,
            manifests: sources.map(s => s.object),
            force: input.force,
            wait: input.wait,
            timeoutSeconds: input.timeout,
            ...(options.reason ? { reason: options.reason } : {}),
            ...taskOrigin(ctx),
          },
          options.credentials,
        ),
      ),
  });
  ctx.logger.info(
    `Approval request ${request.id} created (expires ${request.expiresAt}); nothing was applied yet.`,
  );
  ctx.logger.info(`Requested: ${request.summary}`);
  ctx.logger.info(request.diff ? `Diff:\n${request.diff}` : 'Diff: no changes');
  return { diff: request.diff, approval: approvalOf(request) };
}
