import { TableColumn, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { CostLine, TeamCost } from '@paved/plugin-paved-common';
import { useTeamCost } from '../../hooks/useTeamCost';
import { CostBreakdown } from '../CostCard/CostBreakdown';
import { createCostCard } from '../CostCard/CostFrame';
import { CostFigure, CostSummary } from '../CostCard/CostParts';
import { formatMoney, formatShare } from '../CostCard/format';
import { BudgetBar } from './BudgetBar';

/** The banner shown when a team is near or over its budget. */
function BudgetAlert({ cost }: { cost: TeamCost }) {
  const budget = cost.budget;
  if (!budget || budget.status === 'ok') return null;
  const money = (amount: number) => formatMoney(amount, cost.currency);
  const overNow = budget.monthToDate.state === 'over';
  const title =
    budget.status === 'over'
      ? `${cost.entityRef} is ${
          overNow ? 'over' : 'projected to go over'
        } its monthly budget`
      : `${cost.entityRef} is close to its monthly budget`;
  const message = `Projected ${money(
    budget.projected.amount,
  )} this month, ${formatShare(budget.projected.ratio)} of the ${money(
    budget.budget,
  )} budget (month to date ${money(
    budget.monthToDate.amount,
  )}). Look at the most expensive environments and components below, and at the rightsizing suggestions on their pages.`;
  return (
    <Box mb={2} data-testid="paved-budget-alert">
      <WarningPanel
        severity={budget.status === 'over' ? 'error' : 'warning'}
        title={title}
        message={message}
        defaultExpanded
      />
    </Box>
  );
}

function TeamCostView({ cost }: { cost: TeamCost }) {
  const money = (amount: number) => formatMoney(amount, cost.currency);
  // the cluster only matters when the team runs on more than one
  const clusters = new Set(cost.byEnvironment.map(l => l.cluster));
  const cluster: TableColumn<CostLine>[] =
    clusters.size > 1 ? [{ title: 'Cluster', field: 'cluster' }] : [];
  return (
    <>
      <BudgetAlert cost={cost} />
      <CostSummary
        cost={cost}
        testIdPrefix="team-cost"
        subject={cost.entityRef}
        figures={
          <CostFigure
            label="Budget"
            value={cost.budget ? money(cost.budget.budget) : 'none'}
            testId="paved-team-cost-budget"
            hint={
              cost.budget
                ? undefined
                : 'set the group annotation paved.dev/monthly-budget'
            }
          />
        }
        below={cost.budget && <BudgetBar budget={cost.budget} />}
      />
      <CostBreakdown by="byEnvironment" cost={cost} columns={cluster} />
      <CostBreakdown by="byComponent" cost={cost} columns={cluster} />
      {cost.idleEnvironments.length > 0 && (
        <Box mt={2} data-testid="paved-idle-environments">
          <WarningPanel
            severity="info"
            title={`${cost.idleEnvironments.length} ephemeral environment(s) served no request in the last day`}
            message={cost.idleEnvironments
              .map(
                e =>
                  `${e.namespace} (${e.cluster}): ${money(
                    e.cost,
                  )} this month — delete it if nobody uses it`,
              )
              .join('; ')}
          />
        </Box>
      )}
    </>
  );
}

/**
 * A team's cost this month on its group page: month to date, projection and daily trend, per environment and
 * per component, the budget bar with its status, an alert when the team is near or over its budget, and
 * ephemeral environments that serve nothing.
 *
 * @public
 */
export const TeamCostCard = createCostCard({
  title: 'Team cost',
  useCost: useTeamCost,
  listed: cost => cost.byEnvironment,
  emptyNote: 'This team has no environment with running workloads.',
  View: TeamCostView,
});
