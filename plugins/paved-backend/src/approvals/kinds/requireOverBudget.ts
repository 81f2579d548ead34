import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { ApplyPlan } from '@paved/plugin-paved-node';
import { BudgetChecker } from '../../revisions/BudgetChecker';
import { Requester } from './ApprovalKind';

/**
 * Passes when the plan's cost forecast really pushes the environment's team over its budget and the
 * requester may not apply it themselves for that reason; refuses an `over-budget` request otherwise.
 */
export async function requireOverBudget(
  budgets: Pick<BudgetChecker, 'check'> | undefined,
  requester: Requester,
  plan: ApplyPlan,
  place: { cluster: string; namespace: string },
): Promise<void> {
  if (!budgets) {
    throw new ServiceUnavailableError(
      'Budget checks are not set up in this Paved backend; an over-budget change request cannot be made',
    );
  }
  const delta = plan.impact?.cost?.delta.max;
  if (delta === undefined) {
    throw new InputError(
      `reason: the change to ${place.namespace} has no cost forecast (${
        plan.impact?.notes.join('; ') || 'no price table'
      }), so it is not over budget; apply it directly`,
    );
  }
  const check = await budgets.check(requester, place, delta);
  if (!check.requiresApproval) {
    throw new InputError(
      `reason: the change adds ${delta.toFixed(2)}/month and ${
        check.budget?.over
          ? 'you may apply over-budget changes of your team yourself'
          : `keeps ${check.team} within its budget`
      }; apply it directly`,
    );
  }
}
