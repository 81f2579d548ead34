import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { CostTotals } from '@paved/plugin-paved-common';
import { ErrorPanel } from '../ErrorPanel';
import { CostChart } from './CostChart';
import { formatMoney } from './format';

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
 * and `-projected`) with any more figures, what goes under them, then the daily chart of the last 30 days.
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
      <Typography variant="subtitle2">Daily cost, last 30 days</Typography>
      <CostChart
        days={cost.days}
        values={cost.daily}
        currency={cost.currency}
        label={`Daily cost of ${props.subject} over the last 30 days`}
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

/**
 * The frame every cost card shares: a titled card with the loading, error (a refusal says so, with the
 * reason) and empty states, and once the cost has loaded the card's view followed by the answer's notes.
 */
export function CostFrame<
  T extends { currency: string; notes: string[] },
>(props: {
  title: string;
  state: { value?: T; loading: boolean; error?: Error };
  /** True when there is nothing to show yet. */
  isEmpty: (value: T) => boolean;
  /** What the empty state says when the backend gives no note. */
  emptyNote: string;
  children: (value: T) => JSX.Element;
}) {
  const { value, loading, error } = props.state;
  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error) {
    body = (
      <ErrorPanel error={error} notAllowedTitle="You may not see this cost" />
    );
  } else if (!value || props.isEmpty(value)) {
    body = (
      <EmptyState
        missing="data"
        title="No cost yet"
        description={
          <CostNotes
            notes={value?.notes.length ? value.notes : [props.emptyNote]}
          />
        }
      />
    );
  } else {
    body = (
      <>
        {props.children(value)}
        <CostNotes notes={value.notes} />
      </>
    );
  }
  return (
    <InfoCard
      title={props.title}
      subheader={value ? `This month, in ${value.currency}` : undefined}
    >
      {body}
    </InfoCard>
  );
}
