import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { CostTotals } from '@paved/plugin-paved-common';
import { CostChart } from './CostChart';
import { formatMoney } from './format';
import { useTabRange } from '../PlatformView/TabRange';
import { daysInWindow } from './daysInWindow';

/** One headline number. */
export const CostFigure = (props: {
  label: string;
  value: string;
  testId: string;
  hint?: string;
}) => (
  <Box minWidth={160}>
    <Typography variant="overline" color="textSecondary">
      {props.label}
    </Typography>
    <Typography variant="h5" data-testid={props.testId}>
      {props.value}
    </Typography>
    {props.hint && (
      <Typography variant="caption" color="textSecondary">
        {props.hint}
      </Typography>
    )}
  </Box>
);

/**
 * The head of every cost card: month to date and projection (test ids `paved-<testIdPrefix>-month-to-date`
 * and `-projected`) with any more figures, what goes under them, then the daily chart of the last 30 days
 * (on the Platform tab: the days of the tab's range, at least a week).
 */
export const CostSummary = (props: {
  cost: CostTotals;
  testIdPrefix: string;
  /** What the chart shows the cost of, for its label. */
  subject: string;
  /** More figures after the two. */
  figures?: ReactNode;
  /** Between the figures and the chart. */
  below?: ReactNode;
}) => {
  const { cost } = props;
  const money = (amount: number) => formatMoney(amount, cost.currency);
  // on the Platform tab the chart follows the tab's range (at least a week); elsewhere the last 30 days
  const window = useTabRange();
  const shown = daysInWindow(cost.days, cost.daily, window);
  const span = window
    ? `${shown.days.length} days to ${
        shown.days[shown.days.length - 1] ?? ''
      } (the tab's range, at least a week)`
    : 'last 30 days';
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mb={2}>
        <CostFigure
          label="Month to date"
          value={money(cost.monthToDate)}
          testId={`paved-${props.testIdPrefix}-month-to-date`}
          hint={`since ${new Date(cost.monthStart).toLocaleDateString()}`}
        />
        <CostFigure
          label="Projected this month"
          value={money(cost.projected)}
          testId={`paved-${props.testIdPrefix}-projected`}
          hint={projectionHint(cost)}
        />
        {props.figures}
      </Box>
      {props.below}
      <Typography variant="subtitle2" data-testid="paved-cost-days">
        Daily cost, {span}
      </Typography>
      <CostChart
        days={shown.days}
        values={shown.values}
        currency={cost.currency}
        label={`Daily cost of ${props.subject}, ${span}`}
      />
    </>
  );
};

/** The notes of a cost answer (a cluster without prices, objects not readable, …). */
export const CostNotes = (props: { notes: string[] }) => (
  <>
    {props.notes.map(note => (
      <Typography key={note} variant="body2" color="textSecondary" paragraph>
        {note}
      </Typography>
    ))}
  </>
);

/** How the projection is made, for the caption under the numbers. */
export function projectionHint(cost: {
  monthStart: string;
  observedSince: string;
}): string {
  return cost.observedSince > cost.monthStart
    ? `at the rate seen since ${new Date(cost.observedSince).toLocaleString()}`
    : 'at the month-to-date rate';
}
