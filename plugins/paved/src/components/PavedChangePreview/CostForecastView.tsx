import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { CostForecast } from '@paved/plugin-paved-common';
import { formatBudget, formatDelta } from '../ApprovalsCard/formatForecast';

/** A monthly amount or the HPA range of one: `10.00` or `30.00..200.00`. */
function formatRange(range: { min: number; max: number }): string {
  const [min, max] = [range.min.toFixed(2), range.max.toFixed(2)];
  return min === max ? min : `${min}..${max}`;
}

/**
 * A change's monthly cost forecast: the delta (a range over the HPA's replicas when they differ), the
 * changed workloads' cost before and after, and the owning team's budget after the change.
 */
export const CostForecastView = (props: { cost: CostForecast }) => {
  const { cost } = props;
  return (
    <Box mt={1} role="region" aria-label="Cost forecast">
      <Typography variant="subtitle2">Cost forecast</Typography>
      <Typography variant="body2">{formatDelta(cost)}</Typography>
      <Typography variant="body2">
        {`Before → after: ${formatRange(cost.before)} → ${formatRange(
          cost.after,
        )} ${cost.currency}/month`}
      </Typography>
      {cost.budget && (
        <Typography
          variant="body2"
          color={cost.budget.over ? 'error' : 'textPrimary'}
        >
          {formatBudget(cost.budget, cost.currency)}
        </Typography>
      )}
    </Box>
  );
};
