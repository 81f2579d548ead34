import { z as zod } from 'zod/v3';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { ApprovalRequestView } from '@paved/plugin-paved-common';

/** The parts of an action's context a step that may request approval uses. */
export type ApprovalStepContext = Pick<
  ActionContext<any, any>,
  'isDryRun' | 'task' | 'templateInfo' | 'logger' | 'checkpoint'
>;

/** The value of the `approval` output: the approval request to follow. */
export interface ApprovalOutput {
  id: string;
  status: string;
  namespace: string;
  team: string;
}

/**
 * The `approval` output of an action whose change may need a team lead's approval instead of running: the
 * request to follow, `{ id, status, namespace, team }`, set only then.
 */
export function approvalOutput(what: 'change' | 'clone') {
  return (z: typeof zod) =>
    z
      .object(
        {
          id: z.string(),
          status: z.string(),
          namespace: z.string(),
          team: z.string(),
        },
        {
          description: `Set when the ${what} needs a team lead's approval instead of running (a protected environment): the request to follow`,
        },
      )
      .optional();
}

/**
 * What a task keeps of an approval request the Paved backend recorded (a checkpoint's value, so a retried
 * task does not request again).
 */
export type RecordedApproval = Pick<
  ApprovalRequestView,
  'id' | 'status' | 'namespace' | 'team' | 'expiresAt' | 'summary' | 'diff'
>;

/** The parts of `request` a task keeps. */
export function recordedApproval(
  request: ApprovalRequestView,
): RecordedApproval {
  const { id, status, namespace, team, expiresAt, summary, diff } = request;
  return { id, status, namespace, team, expiresAt, summary, diff };
}

/** The `approval` output for a request the Paved backend recorded. */
export function approvalOf(request: RecordedApproval): ApprovalOutput {
  return {
    id: request.id,
    status: request.status,
    namespace: request.namespace,
    team: request.team,
  };
}

/** The `approval` output of a dry run: the request a real run would make, not recorded. */
export function dryRunApproval(
  namespace: string,
  team: string,
): ApprovalOutput {
  return { id: '(dry run)', status: 'would-be-requested', namespace, team };
}
