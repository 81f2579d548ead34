import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import {
  MOMENT_SPAN_SECONDS,
  PlatformViewState,
  describeRange,
  formatMoment,
} from '../PlatformView';

/** The window the logs show, in words, e.g. "Lines of the last hour" or "Around Nov 21, 10:00 (± 1 min)". */
export function describeLogWindow(
  view: Pick<PlatformViewState, 'range' | 'from' | 'to' | 'at'>,
): string {
  if (view.at !== undefined) {
    return `Around ${formatMoment(view.at)} (± ${
      MOMENT_SPAN_SECONDS / 60
    } min)`;
  }
  return view.range === 'custom'
    ? `Lines from ${describeRange(view)}`
    : `Lines of the ${describeRange(view)}`;
}

/** Why Follow cannot be turned on for the view's window, or undefined when the window ends now. */
export function followUnavailable(
  view: Pick<PlatformViewState, 'range' | 'at'>,
): string | undefined {
  if (view.at !== undefined) {
    return 'Follow needs a window that ends now: show the whole range first';
  }
  if (view.range === 'custom') {
    return 'Follow needs a range that ends now: pick 15 m, 1 h, 6 h or 24 h';
  }
  return undefined;
}

/** The window the logs show, above the lines, with a way back to the whole range from a moment. */
export const LogWindow = (props: {
  view: PlatformViewState;
  onShowWholeRange: () => void;
}) => (
  <div
    style={{
      display: 'flex',
      flexWrap: 'wrap',
      alignItems: 'center',
      gap: 8,
      padding: '0 16px 8px',
    }}
  >
    <Typography variant="body2" component="p" data-testid="paved-logs-window">
      {describeLogWindow(props.view)}
    </Typography>
    {props.view.at !== undefined && (
      <Button size="small" color="primary" onClick={props.onShowWholeRange}>
        Show the whole range
      </Button>
    )}
  </div>
);
