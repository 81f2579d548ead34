import { EnvironmentCost } from '@paved/plugin-paved-common';
import { useEnvironmentCost } from '../../hooks/useEnvironmentCost';
import { CostBreakdown } from '../CostCard/CostBreakdown';
import { createCostCard } from '../CostCard/CostFrame';
import { CostFigure, CostSummary } from '../CostCard/CostParts';

function EnvironmentCostView({ cost }: { cost: EnvironmentCost }) {
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
      <CostBreakdown by="byComponent" cost={cost} />
      <CostBreakdown by="byWorkload" cost={cost} />
    </>
  );
}

/**
 * An environment's cost this month on its catalog page (the `kubernetes-environment` Resources Paved adds):
 * month to date, projection and daily trend, per component and per workload.
 *
 * @public
 */
export const EnvironmentCostCard = createCostCard({
  title: 'Environment cost',
  useCost: useEnvironmentCost,
  listed: cost => cost.byWorkload,
  emptyNote: 'Nothing runs in this environment yet.',
  View: EnvironmentCostView,
});
