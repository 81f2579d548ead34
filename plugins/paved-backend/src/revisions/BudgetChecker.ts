import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BudgetCheck,
  pavedApprovalDecidePermission,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  isEnvironmentAllowed,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';
import { CostService } from '../cost/CostService';

/** What a change over the team's budget needs: a team lead's approval (default), or a warning only. */
export type OverBudgetPolicy = 'approval' | 'warn';

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * Whether a change's monthly cost delta pushes its environment's team over the monthly budget: the team's
 * projected month (the cost views' projection) plus the delta, against the budget. A change that does so
 * needs a team lead's approval unless the caller may decide approvals there (a lead, a platform admin) or
 * `paved.changes.overBudget` is `warn`.
 */
export class BudgetChecker {
  constructor(
    private readonly deps: {
      clusters: ClusterRegistry;
      catalog: CatalogService;
      cost: Pick<CostService, 'teamCost'>;
      permissions: PermissionsService;
      policy: OverBudgetPolicy;
    },
  ) {}

  async check(
    actor: { credentials: BackstageCredentials; identity: ClusterIdentity },
    place: { cluster: string; namespace: string },
    monthlyDelta: number,
  ): Promise<BudgetCheck> {
    const env = await loadEnvironmentResource(
      this.deps.clusters,
      place.cluster,
      place.namespace,
    );
    if (!env?.team) {
      throw new NotFoundError(
        `No environment ${place.namespace} on cluster ${place.cluster} that you may see`,
      );
    }
    const group = await this.deps.catalog.getEntityByRef(env.team, {
      credentials: actor.credentials,
    });
    if (!group) return { team: env.team, requiresApproval: false };
    const { budget } = await this.deps.cost.teamCost(group, actor.identity);
    if (!budget) return { team: env.team, requiresApproval: false };
    const projected = cents(budget.projected.amount);
    const projectedAfter = cents(budget.projected.amount + monthlyDelta);
    const over = monthlyDelta > 0 && projectedAfter > budget.budget;
    const mayDecide =
      over &&
      (await isEnvironmentAllowed(
        this.deps.permissions,
        actor.credentials,
        pavedApprovalDecidePermission,
        env,
      ));
    const requiresApproval =
      over && !mayDecide && this.deps.policy === 'approval';
    return {
      team: env.team,
      budget: {
        team: env.team,
        budget: budget.budget,
        projected,
        projectedAfter,
        over,
      },
      requiresApproval,
      ...(over
        ? {
            message: `${env.team} is projected at ${projected.toFixed(2)} ${
              budget.currency
            } this month; this change adds ${cents(monthlyDelta).toFixed(2)} ${
              budget.currency
            }/month, over its budget of ${budget.budget.toFixed(2)} ${
              budget.currency
            }${requiresApproval ? ', so a team lead approves it' : ''}`,
          }
        : {}),
    };
  }
}
