import { CostLine, EnvironmentCost } from '@paved/plugin-paved-common';
import { useEnvironmentCost } from '../../hooks/useEnvironmentCost';
import { amountColumns } from '../CostCard/amountColumns';
import { CostFigure, CostFrame, CostSummary } from '../CostCard/CostParts';
import { groupName } from '../CostCard/format';
import { DenseTable } from '../DenseTable';

function Content({ cost }: { cost: EnvironmentCost }) {
  const amounts = amountColumns(cost);
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
      <DenseTable<CostLine>
        title="By component"
        columns={[
          { title: 'Component', render: l => groupName(l.name) },
          ...amounts,
        ]}
        data={cost.byComponent}
      />
      <DenseTable<CostLine>
        title="By workload"
        columns={[{ title: 'Workload', field: 'name' }, ...amounts]}
        data={cost.byWorkload}
      />
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
