import { Table, TableColumn } from '@backstage/core-components';
import { CostLine, EnvironmentCost } from '../../api/PavedApi';
import { useEnvironmentCost } from '../../hooks/useEnvironmentCost';
import {
  CostFigure,
  CostFrame,
  CostNotes,
  CostSummary,
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
      <CostSummary
        cost={cost}
        testIdPrefix="environment-cost"
        subject={cost.namespace}
        figures={
          <CostFigure
            label="Environment"
            value={cost.environment ?? cost.namespace}
            testId="paved-environment-cost-environment"
            hint={`${cost.namespace} on ${cost.cluster}, owned by ${cost.team}`}
          />
        }
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
