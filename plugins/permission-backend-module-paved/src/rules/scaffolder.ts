import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { anyUser, platformAdminOnly, teamMember } from './decisions';
import { PermissionRule } from './types';

/**
 * A conditional decision on scaffolder tasks: only tasks created by one of `createdBy` (the scaffolder's
 * `IS_TASK_OWNER` rule, evaluated by the scaffolder backend).
 */
function tasksCreatedBy(createdBy: string[]): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'scaffolder',
    resourceType: 'scaffolder-task',
    conditions: {
      rule: 'IS_TASK_OWNER',
      resourceType: 'scaffolder-task',
      params: { createdBy },
    },
  };
}

/** A task's log and output: its creator, the leads of the creator's teams, and platform admins. */
const ownTasks: PermissionRule = (_, caller) =>
  tasksCreatedBy([
    ...new Set([caller.user, ...caller.membership.membersOfLedTeams]),
  ]);

/**
 * The scaffolder's permissions by tier. Templates and actions are usable by team members (Paved's actions check
 * Paved's permissions themselves); a task's log, output and cancellation belong to its creator and the leads of
 * the creator's teams; managing templates is for platform admins.
 *
 * @public
 */
export const scaffolderRules: Record<string, PermissionRule> = {
  'scaffolder.template.parameter.read': anyUser,
  'scaffolder.template.step.read': anyUser,
  'scaffolder.action.execute': teamMember,
  'scaffolder.task.create': teamMember,
  'scaffolder.template.dry-run': teamMember,
  'scaffolder.task.read': ownTasks,
  'scaffolder.task.cancel': ownTasks,
  'scaffolder.template.management': platformAdminOnly,
};
