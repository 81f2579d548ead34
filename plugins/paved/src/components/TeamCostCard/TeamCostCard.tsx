import { TableColumn, WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CostLine, TeamCost } from '@paved/plugin-paved-common';
import { useTeamCost } from '../../hooks/useTeamCost';
import { amountColumns } from '../CostCard/amountColumns';
import { CostFigure, CostFrame, CostSummary } from '../CostCard/CostParts';
import { formatMoney, formatShare, groupName } from '../CostCard/format';
import { DenseTable } from '../DenseTable';
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

function Content({ cost }: { cost: TeamCost }) {
  const money = (amount: number) => formatMoney(amount, cost.currency);
  // the cluster only matters when the team runs on more than one
  const clusters = new Set(cost.byEnvironment.map(l => l.cluster));
  const cluster: TableColumn<CostLine>[] =
    clusters.size > 1 ? [{ title: 'Cluster', field: 'cluster' }] : [];
  const amounts = amountColumns(cost);
  const environmentColumns: TableColumn<CostLine>[] = [
    {
      title: 'Environment',
      render: l => (
        <>
          <div>{l.environment ?? l.name}</div>
          <Typography variant="caption" color="textSecondary">
            {l.namespace}
          </Typography>
        </>
      ),
    },
    ...cluster,
    ...amounts,
  ];
  const componentColumns: TableColumn<CostLine>[] = [
    { title: 'Component', render: l => groupName(l.name) },
    ...cluster,
    ...amounts,
  ];
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
      <DenseTable<CostLine>
        title="By environment"
        columns={environmentColumns}
        data={cost.byEnvironment}
      />
      <DenseTable<CostLine>
        title="By component"
        columns={componentColumns}
        data={cost.byComponent}
      />
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
export const TeamCostCard = () => {
  return (
    <CostFrame
      title="Team cost"
      state={useTeamCost()}
      isEmpty={v => v.byEnvironment.length === 0 && v.monthToDate === 0}
      emptyNote="This team has no environment with running workloads."
    >
      {cost => <Content cost={cost} />}
    </CostFrame>
  );
};
