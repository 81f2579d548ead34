import { TableColumn } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  ComponentCost,
  CostDriver,
  CostLine,
  RightsizingSuggestion,
} from '@paved/plugin-paved-common';
import { useComponentCost } from '../../hooks/useComponentCost';
import { DenseTable } from '../DenseTable';
import { amountColumns } from './amountColumns';
import { createCostCard } from './CostFrame';
import { CostFigure, CostSummary } from './CostParts';
import {
  RESOURCE_NAMES,
  formatCores,
  formatMemory,
  formatMoney,
  formatShare,
  groupName,
} from './format';

function change(
  current: string,
  suggestion: RightsizingSuggestion['cpu'],
  format: (value: number | undefined) => string,
) {
  if (suggestion.change === 'keep') return `${current} (keep)`;
  return `${current} → ${format(suggestion.suggested)}`;
}

function ComponentCostView({ cost }: { cost: ComponentCost }) {
  const money = (amount: number) => formatMoney(amount, cost.currency);
  const saving = cost.rightsizing.reduce(
    (sum, s) => sum + Math.max(0, s.monthlySaving),
    0,
  );
  const environmentColumns: TableColumn<CostLine>[] = [
    { title: 'Environment', render: l => l.environment ?? l.name },
    { title: 'Namespace', render: l => l.namespace ?? '' },
    ...amountColumns(cost, { share: false }),
  ];
  const driverColumns: TableColumn<CostDriver>[] = [
    { title: 'Workload', render: d => groupName(d.workload) },
    { title: 'Environment', field: 'environment' },
    { title: 'Resource', render: d => RESOURCE_NAMES[d.resource] },
    { title: 'Month to date', render: d => money(d.monthToDate) },
    { title: 'Share', render: d => formatShare(d.share) },
  ];
  const rightsizingColumns: TableColumn<RightsizingSuggestion>[] = [
    { title: 'Workload', field: 'workload' },
    { title: 'Environment', field: 'environment' },
    { title: 'Container', render: s => s.container ?? '' },
    {
      title: 'CPU request',
      render: s => change(formatCores(s.cpu.request), s.cpu, formatCores),
    },
    {
      title: 'Memory request',
      render: s =>
        change(formatMemory(s.memory.request), s.memory, formatMemory),
    },
    {
      title: 'Saving / month',
      render: s => (
        <span data-testid="paved-rightsizing-saving">
          {money(s.monthlySaving)}
        </span>
      ),
    },
  ];
  return (
    <>
      <CostSummary
        cost={cost}
        testIdPrefix="cost"
        subject={cost.entityRef}
        figures={
          <CostFigure
            label="Rightsizing could save"
            value={`${money(saving)} / month`}
            testId="paved-cost-saving"
            hint={`p95 usage of the last ${cost.rightsizingDays} days + 20 %`}
          />
        }
      />
      <DenseTable<CostLine>
        title="By environment"
        columns={environmentColumns}
        data={cost.byEnvironment}
      />
      <DenseTable<CostDriver>
        title="Top cost drivers"
        columns={driverColumns}
        data={cost.topDrivers}
      />
      <DenseTable<RightsizingSuggestion>
        title="Rightsizing suggestions"
        columns={rightsizingColumns}
        data={cost.rightsizing}
        emptyContent={
          <Box p={2}>
            Requests match usage: nothing to change in the last{' '}
            {cost.rightsizingDays} days.
          </Box>
        }
      />
    </>
  );
}

/**
 * A component's cost this month: month to date, projection, daily trend, cost per environment, the top cost
 * drivers and rightsizing suggestions with their monthly saving.
 *
 * @public
 */
export const CostCard = createCostCard({
  title: 'Cost',
  useCost: useComponentCost,
  listed: cost => cost.byWorkload,
  emptyNote:
    'None of this component\u2019s pods has run this month in the cost history.',
  View: ComponentCostView,
});
