import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

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
