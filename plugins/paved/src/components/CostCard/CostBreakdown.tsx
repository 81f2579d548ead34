import { TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { CostLine } from '@paved/plugin-paved-common';
import { DenseTable } from '../DenseTable';
import { amountColumns } from './amountColumns';
import { groupName } from './format';

/** The title and first column of each breakdown of a cost view. */
const BREAKDOWNS: Record<
  'byEnvironment' | 'byComponent' | 'byWorkload',
  { title: string; column: TableColumn<CostLine> }
> = {
  byEnvironment: {
    title: 'By environment',
    column: {
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
  },
  byComponent: {
    title: 'By component',
    column: { title: 'Component', render: l => groupName(l.name) },
  },
  byWorkload: {
    title: 'By workload',
    column: { title: 'Workload', field: 'name' },
  },
};

/**
 * One breakdown of a cost view (per environment, component or workload) as a table: the name, any `columns`
 * the view adds, then month to date, projection and share of the view's month to date.
 */
export function CostBreakdown<K extends keyof typeof BREAKDOWNS>(props: {
  by: K;
  cost: { monthToDate: number; currency: string } & Record<K, CostLine[]>;
  columns?: TableColumn<CostLine>[];
}) {
  const breakdown = BREAKDOWNS[props.by];
  return (
    <DenseTable<CostLine>
      title={breakdown.title}
      columns={[
        breakdown.column,
        ...(props.columns ?? []),
        ...amountColumns(props.cost),
      ]}
      data={props.cost[props.by]}
    />
  );
}
