import { ActionContext } from '@backstage/plugin-scaffolder-node';

/**
 * The task and template an approval request comes from, so that the approver can follow it back; each is
 * left out when the scaffolder does not say.
 */
export function taskOrigin(
  ctx: Pick<ActionContext<any, any>, 'task' | 'templateInfo'>,
): { taskId?: string; entityRef?: string } {
  return {
    ...(ctx.task?.id ? { taskId: ctx.task.id } : {}),
    ...(ctx.templateInfo?.entityRef
      ? { entityRef: ctx.templateInfo.entityRef }
      : {}),
  };
}
