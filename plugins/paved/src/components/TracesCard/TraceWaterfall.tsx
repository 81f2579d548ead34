import { Fragment, useState } from 'react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityTrace, TraceSpan } from '@paved/plugin-paved-common';
import { PlatformViewState, mutedTextColor } from '../PlatformView';
import { formatMicros, waterfallRows } from './waterfall';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(220px, 2fr) 3fr 80px',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: '2px 4px',
    borderBottom: `1px solid ${theme.palette.divider}`,
    fontSize: 13,
  },
  button: {
    all: 'unset',
    boxSizing: 'border-box',
    cursor: 'pointer',
    display: 'block',
    width: '100%',
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  name: {
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  opaque: { color: mutedTextColor(theme), fontStyle: 'italic' },
  // the error colour as a border, the theme's text colour for the word: readable in both themes
  failed: {
    marginLeft: 4,
    padding: '0 4px',
    fontSize: 11,
    border: `1px solid ${theme.palette.error.main}`,
    borderLeftWidth: 4,
    borderRadius: 2,
  },
  track: {
    position: 'relative',
    height: 12,
    backgroundColor: theme.palette.action.hover,
  },
  bar: {
    position: 'absolute',
    top: 0,
    height: 12,
    borderRadius: 2,
    backgroundColor: theme.palette.primary.main,
  },
  errorBar: { backgroundColor: theme.palette.error.main },
  opaqueBar: { backgroundColor: theme.palette.grey[500] },
  details: {
    padding: theme.spacing(1, 2),
    borderBottom: `1px solid ${theme.palette.divider}`,
    fontSize: 12,
  },
  attributes: { margin: 0, display: 'grid', gridTemplateColumns: 'auto 1fr' },
}));

/** The place of a span in words: pod, namespace, environment, version (what is known). */
function placeOf(span: TraceSpan): string {
  const p = span.place;
  if (!p) return '';
  return [
    p.pod && `pod ${p.pod}`,
    p.namespace && `namespace ${p.namespace}`,
    p.environment && `environment ${p.environment}`,
    p.version && `version ${p.version}`,
  ]
    .filter(Boolean)
    .join(', ');
}

const SpanDetails = (props: {
  span: TraceSpan;
  onView: (change: Partial<PlatformViewState>) => void;
}) => {
  const classes = useStyles();
  const { span } = props;
  const pod = span.place?.pod;
  return (
    <div className={classes.details} data-testid="paved-span-details">
      {span.error && (
        <Typography variant="body2" color="error">
          Failed{span.statusMessage ? `: ${span.statusMessage}` : ''}
        </Typography>
      )}
      {span.place && <Typography variant="body2">{placeOf(span)}</Typography>}
      <dl className={classes.attributes}>
        {Object.entries(span.attributes ?? {}).map(([key, value]) => (
          <Fragment key={key}>
            <dt style={{ paddingRight: 12 }}>{key}</dt>
            <dd style={{ margin: 0, wordBreak: 'break-all' }}>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {pod && (
        <Button
          size="small"
          color="primary"
          onClick={() =>
            props.onView({
              section: 'logs',
              at: Math.floor(span.start / 1e6),
              environment: span.place?.environment,
              fields: `pod=${pod}`,
              line: undefined,
            })
          }
        >
          Logs of {pod} around this moment
        </Button>
      )}
    </div>
  );
};

/**
 * A trace as a span waterfall: one row per span in call order, indented by depth, with its service, operation,
 * duration and a bar on the trace's time line (red where it failed). A row opens its status, place and
 * attributes, and a link to the logs of its pod around that moment. Spans of services the user may not read
 * are opaque hops: their service and timing only.
 *
 * @public
 */
export const TraceWaterfall = (props: {
  trace: EntityTrace;
  onView: (change: Partial<PlatformViewState>) => void;
}) => {
  const classes = useStyles();
  const [open, setOpen] = useState<string | undefined>();
  const rows = waterfallRows(props.trace.spans);
  return (
    <ul
      className={classes.list}
      aria-label={`Spans of trace ${props.trace.traceId}`}
      data-testid="paved-trace-waterfall"
    >
      {rows.map(({ span, depth, offset, width }) => {
        const label = span.opaque
          ? `${span.service} (another team's service: timing only)`
          : `${span.service} ${span.operation ?? ''}`;
        let barClass = classes.bar;
        if (span.opaque) barClass += ` ${classes.opaqueBar}`;
        else if (span.error) barClass += ` ${classes.errorBar}`;
        const summary = (
          <>
            <span
              className={classes.name}
              style={{ paddingLeft: depth * 14 }}
              title={label}
            >
              <strong>{span.service}</strong>{' '}
              {span.opaque ? (
                <span className={classes.opaque}>opaque hop</span>
              ) : (
                span.operation
              )}
              {span.error && !span.opaque && (
                <>
                  {' '}
                  <span className={classes.failed}>failed</span>
                </>
              )}{' '}
            </span>
            <span className={classes.track} aria-hidden>
              <span
                className={barClass}
                style={{ left: `${offset}%`, width: `${width}%` }}
              />
            </span>
            <span style={{ textAlign: 'right' }}>
              {formatMicros(span.duration)}
            </span>
          </>
        );
        return (
          <li
            key={span.spanId}
            data-testid={span.opaque ? 'paved-span-opaque' : 'paved-span'}
            data-service={span.service}
            data-duration={span.duration}
          >
            {span.opaque ? (
              <div className={classes.row}>{summary}</div>
            ) : (
              <button
                type="button"
                className={classes.button}
                aria-expanded={open === span.spanId}
                onClick={() =>
                  setOpen(open === span.spanId ? undefined : span.spanId)
                }
              >
                <span className={classes.row}>{summary}</span>
              </button>
            )}
            {open === span.spanId && (
              <SpanDetails span={span} onView={props.onView} />
            )}
          </li>
        );
      })}
    </ul>
  );
};
