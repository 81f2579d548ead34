import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { PavedEnvironmentResource } from '@paved/plugin-paved-common';
import { EnvironmentCloneChange } from '@paved/plugin-paved-common';
import { PavedBackendClient } from '@paved/plugin-paved-node';
import {
  ApprovalOutput,
  ApprovalStepContext,
  approvalOf,
  dryRunApproval,
  recordedApproval,
} from '../approvalOutput';
import { taskOrigin } from '../taskOrigin';

/** The clone action's inputs, with defaults applied. */
type CloneInput = Omit<
  EnvironmentCloneChange,
  'team' | 'timeoutSeconds' | 'taskId' | 'entityRef'
> & { timeout: number };

/**
 * Asks the Paved backend to record a clone into a protected environment for a team lead to approve;
 * nothing is created yet. Returns the request to follow (a placeholder in a dry run).
 */
export async function requestCloneApproval(
  ctx: ApprovalStepContext,
  options: {
    paved?: PavedBackendClient;
    input: CloneInput;
    target: PavedEnvironmentResource;
    credentials: BackstageCredentials;
  },
): Promise<ApprovalOutput> {
  const { paved, input, target, credentials } = options;
  const team = target.team ?? '';
  if (ctx.isDryRun) {
    return dryRunApproval(target.namespace, team);
  }
  if (!paved) {
    throw new NotAllowedError(
      `${target.cluster}/${target.namespace} is protected and needs approval for your clone, and approvals are not available here (the Paved backend plugin is not installed)`,
    );
  }
  const { timeout, ...rest } = input;
  const request = await ctx.checkpoint({
    key: `environment-clone-approval-${input.cluster}-${input.source}-${team}-${input.name}`,
    fn: async () =>
      recordedApproval(
        await paved.requestApproval(
          {
            kind: 'environment-clone',
            ...withoutUndefined(rest),
            team,
            timeoutSeconds: timeout,
            ...taskOrigin(ctx),
          },
          credentials,
        ),
      ),
  });
  ctx.logger.info(
    `Approval request ${request.id} created (expires ${request.expiresAt}); nothing was created yet.`,
  );
  ctx.logger.info(`What the clone would write:\n${request.diff}`);
  return approvalOf(request);
}

/** The input without the optional fields the template left empty, which the backend would refuse as null. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}
