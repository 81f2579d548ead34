import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ErrorPanel } from '../ErrorPanel';

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
 * The frame both cost cards share: a titled card with the loading, error (a refusal says so, with the reason)
 * and empty states, and the view once the cost has loaded.
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
    body = props.children(value);
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
