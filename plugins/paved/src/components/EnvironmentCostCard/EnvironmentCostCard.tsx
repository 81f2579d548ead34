import { Table, TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CostLine, EnvironmentCost } from '../../api/PavedApi';
import { useEnvironmentCost } from '../../hooks/useEnvironmentCost';
import { CostChart } from '../CostCard/CostChart';
import {
  CostFigure,
  CostFrame,
  CostNotes,
  projectionHint,
} from '../CostCard/CostParts';
import { formatMoney, formatShare, groupName } from '../CostCard/format';

function Content({ cost }: { cost: EnvironmentCost }) {
  const money = (amount: number) => formatMoney(amount, cost.currency);
  const share = (line: CostLine) =>
    cost.monthToDate > 0 ? formatShare(line.total / cost.monthToDate) : '—';
  const amounts: TableColumn<CostLine>[] = [
    { title: 'Month to date', render: l => money(l.total) },
    { title: 'Projected', render: l => money(l.projected) },
    { title: 'Share', render: share },
  ];
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 24 }}>
        <CostFigure
          label="Month to date"
          value={money(cost.monthToDate)}
          testId="paved-environment-cost-month-to-date"
          hint={`since ${new Date(cost.monthStart).toLocaleDateString()}`}
        />
        <CostFigure
          label="Projected this month"
          value={money(cost.projected)}
          testId="paved-environment-cost-projected"
          hint={projectionHint(cost)}
        />
        <CostFigure
          label="Environment"
          value={cost.environment ?? cost.namespace}
          testId="paved-environment-cost-environment"
          hint={`${cost.namespace} on ${cost.cluster}, owned by ${cost.team}`}
        />
      </Box>
      <Typography variant="subtitle2">Daily cost, last 30 days</Typography>
      <CostChart
        days={cost.days}
        values={cost.daily}
        currency={cost.currency}
        label={`Daily cost of ${cost.namespace} over the last 30 days`}
      />
      <Table<CostLine>
        title="By component"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={[
          { title: 'Component', render: l => groupName(l.name) },
          ...amounts,
        ]}
        data={cost.byComponent}
      />
      <Table<CostLine>
        title="By workload"
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={[{ title: 'Workload', field: 'name' }, ...amounts]}
        data={cost.byWorkload}
      />
      <CostNotes notes={cost.notes} />
    </>
  );
}

/**
 * An environment's cost this month on its catalog page (the `kubernetes-environment` Resources Paved adds):
 * month to date, projection and daily trend, per component and per workload.
 *
 * @public
 */
export const EnvironmentCostCard = () => (
  <CostFrame
    title="Environment cost"
    state={useEnvironmentCost()}
    isEmpty={v => v.byWorkload.length === 0 && v.monthToDate === 0}
    emptyNote="Nothing runs in this environment yet."
  >
    {cost => <Content cost={cost} />}
  </CostFrame>
);
