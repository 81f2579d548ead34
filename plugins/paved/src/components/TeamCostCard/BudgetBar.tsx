import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { BudgetState, TeamBudget } from '@paved/plugin-paved-common';
import { formatMoney, formatShare } from '../CostCard/format';

/** Words for a budget state. */
export const STATE_LABELS: Record<BudgetState, string> = {
  ok: 'within budget',
  warning: 'near its budget',
  over: 'over budget',
};

/** A part drawn over the budget bar: where it starts and how wide it is (CSS lengths), its colour. */
interface BarPart {
  left: string | number;
  width: string | number;
  background: string;
  opacity?: number;
  /** What the part marks, shown on hover. */
  title?: string;
}

/**
 * The projected month against the budget: a bar filled to the projection (green within, orange from the
 * warning threshold, red over the budget), the month to date as a darker part, a tick at the threshold.
 */
export const BudgetBar = (props: { budget: TeamBudget }) => {
  const theme = useTheme();
  const { budget } = props;
  const colors: Record<BudgetState, string> = {
    ok: theme.palette.success?.main ?? '#2e7d32',
    warning: theme.palette.warning?.main ?? '#ed6c02',
    over: theme.palette.error.main,
  };
  // the bar spans the budget, or the projection when it is larger
  const scale = Math.max(1, budget.projected.ratio, budget.monthToDate.ratio);
  const width = (ratio: number) => `${(Math.min(ratio, scale) / scale) * 100}%`;
  const color = colors[budget.status];
  const money = (amount: number) => formatMoney(amount, budget.currency);
  // the parts drawn over the bar: fills from its left end, and thin marks
  const fill = (ratio: number, opacity = 1): BarPart => ({
    left: 0,
    width: width(ratio),
    background: color,
    opacity,
  });
  const mark = (ratio: number, background: string, title: string): BarPart => ({
    left: width(ratio),
    width: 2,
    background,
    title,
  });
  const parts = [
    fill(budget.projected.ratio, 0.45),
    fill(budget.monthToDate.ratio),
    mark(
      budget.warningThreshold,
      theme.palette.text.secondary,
      `warning from ${formatShare(budget.warningThreshold)}`,
    ),
    ...(scale > 1 ? [mark(1, theme.palette.text.primary, 'the budget')] : []),
  ];
  return (
    <Box my={2}>
      <Box display="flex" justifyContent="space-between" flexWrap="wrap">
        <Typography variant="subtitle2">
          Budget {money(budget.budget)} / month
          {budget.source === 'annotation'
            ? ' (paved.dev/monthly-budget)'
            : ' (paved.cost.budgets)'}
        </Typography>
        <Typography
          variant="subtitle2"
          style={{ color }}
          data-testid="paved-budget-status"
        >
          {budget.status.toUpperCase()}: projected{' '}
          {formatShare(budget.projected.ratio)} of budget
        </Typography>
      </Box>
      <Box
        role="meter"
        aria-label="Projected spend against the monthly budget"
        aria-valuemin={0}
        aria-valuemax={budget.budget}
        aria-valuenow={budget.projected.amount}
        aria-valuetext={`${money(budget.projected.amount)} of ${money(
          budget.budget,
        )}, ${STATE_LABELS[budget.status]}`}
        data-testid="paved-budget-bar"
        data-state={budget.status}
        position="relative"
        height={14}
        borderRadius={7}
        overflow="hidden"
        style={{ background: theme.palette.action.hover }}
      >
        {parts.map((part, i) => (
          <Box
            key={i}
            position="absolute"
            top={0}
            bottom={0}
            left={part.left}
            width={part.width}
            title={part.title}
            style={{
              background: part.background,
              opacity: part.opacity,
            }}
          />
        ))}
      </Box>
      <Typography variant="caption" color="textSecondary">
        Month to date {money(budget.monthToDate.amount)} (
        {formatShare(budget.monthToDate.ratio)}); projected{' '}
        {money(budget.projected.amount)}; warning from{' '}
        {formatShare(budget.warningThreshold)} of the budget.
      </Typography>
    </Box>
  );
};
