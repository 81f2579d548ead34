import { KeyboardEvent, memo, useEffect, useRef, useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import { Theme, makeStyles } from '@material-ui/core/styles';
import { LOG_LEVELS } from '../PlatformView';
import FilterListIcon from '@material-ui/icons/FilterList';
import TimelineIcon from '@material-ui/icons/Timeline';
import { EntityLogLine } from '../../api/PavedApi';
import {
  CopyLinkButton,
  LogLevel,
  logLineTime,
  mutedTextColor,
} from '../PlatformView';
import { ParsedLogLine } from './logLine';

/** Font of the log lines: the platform's monospace. */
export const LOG_FONT =
  '"Roboto Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

/** The colour that marks a level (a border, never the text's colour), from the theme so both themes work. */
export function levelColor(theme: Theme, level: LogLevel): string {
  switch (level) {
    case 'ERROR':
      return theme.palette.error.main;
    case 'WARN':
      return theme.palette.warning.main;
    case 'INFO':
      return theme.palette.info.main;
    case 'DEBUG':
      return theme.palette.grey[500];
    default:
      return theme.palette.divider;
  }
}

/** A line's time as the browser's local `HH:MM:SS`; the text's own digits when it does not parse. */
export function clock(time: string): string {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) return time.slice(11, 19);
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Fields that name the line's source, which the row already shows. */
const SOURCE_KEYS = new Set([
  'service',
  'pod',
  'host',
  'hostname',
  'namespace',
  'container',
  'env',
  'environment',
]);
/** The trace id a line names (`trace_id`, `traceId` or `trace.id`, as OpenTelemetry's log bridges write it). */
export function traceIdOf(parsed: ParsedLogLine): string | undefined {
  const id =
    parsed.fields.trace_id ??
    parsed.fields.traceId ??
    parsed.fields['trace.id'];
  return id && /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/.test(id) ? id : undefined;
}

/** Most fields a row shows after its message (all are shown when it is opened). */
const ROW_FIELDS = 4;

/** The fields a row shows after its message: those the message and the source do not already say. */
function keyFields(parsed: ParsedLogLine): [string, string][] {
  const picked = Object.entries(parsed.fields).filter(
    ([key, value]) =>
      value !== '' &&
      !SOURCE_KEYS.has(key) &&
      !(parsed.message && parsed.message.includes(value)),
  );
  return parsed.message ? picked.slice(0, ROW_FIELDS) : picked;
}

const useStyles = makeStyles(theme => ({
  row: {
    listStyle: 'none',
    borderLeftStyle: 'solid',
    borderLeftWidth: 3,
    borderLeftColor: 'transparent',
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  // a light background (muted text is strong enough to keep AA contrast on it, see mutedTextColor); the outline marks it
  highlighted: {
    outline: `2px solid ${theme.palette.primary.main}`,
    outlineOffset: -2,
    backgroundColor: theme.palette.action.hover,
  },
  line: {
    display: 'flex',
    alignItems: 'flex-start',
    '&:hover $copy, &:focus-within $copy': { opacity: 1 },
  },
  copy: {
    opacity: 0.5,
    padding: 2,
    margin: '0 2px',
  },
  summary: {
    flex: '1 1 auto',
    minWidth: 0,
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    padding: '2px 8px 2px 0',
    cursor: 'pointer',
    fontFamily: LOG_FONT,
    fontSize: 12,
    lineHeight: 1.6,
    color: theme.palette.text.primary,
    '&:hover': { backgroundColor: theme.palette.action.hover },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  nowrap: { whiteSpace: 'pre' },
  wrap: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  fixed: { flex: 'none', whiteSpace: 'pre' },
  muted: { color: mutedTextColor(theme) },
  level: {
    flex: 'none',
    display: 'inline-block',
    minWidth: '5ch',
    textAlign: 'center',
    padding: '0 4px',
    borderRadius: 2,
    borderStyle: 'solid',
    borderWidth: 1,
    borderLeftWidth: 4,
    color: theme.palette.text.primary,
    fontSize: 11,
    fontWeight: 600,
    lineHeight: 1.5,
  },
  message: { flex: '1 1 auto', minWidth: 0 },
  // as wide as the lines' region (a container, see LogsCard) and kept in sight when the lines scroll
  // sideways, so that a long raw line wraps instead of widening every row
  details: {
    position: 'sticky',
    left: 34,
    width: 'calc(100cqw - 42px)',
    boxSizing: 'border-box',
    margin: '0 8px 8px 34px',
    fontFamily: LOG_FONT,
    fontSize: 12,
    color: theme.palette.text.primary,
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content auto',
    columnGap: theme.spacing(2),
    alignItems: 'center',
    margin: 0,
    '& dt': { color: mutedTextColor(theme) },
    '& dd': { margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
  },
  filter: { padding: 2, marginLeft: 4 },
  raw: {
    margin: '8px 0 0',
    padding: 8,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    backgroundColor: theme.palette.action.hover,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    fontFamily: LOG_FONT,
  },
}));

/**
 * Per level, built once (not per row): `label-ERROR` colours a level label's border, `mark-ERROR` a row's
 * left border. Made after the row's styles so that they win over its defaults.
 */
type LevelClass = `label-${LogLevel}` | `mark-${LogLevel}`;
const useLevelStyles = makeStyles<Theme, {}, LevelClass>(theme => {
  const styles = {} as Record<
    LevelClass,
    { borderColor?: string; borderLeftColor?: string }
  >;
  for (const level of LOG_LEVELS) {
    const color = levelColor(theme, level);
    styles[`label-${level}`] = { borderColor: color };
    styles[`mark-${level}`] = { borderLeftColor: color };
  }
  return styles;
});

/** A level as a small label: the level's colour as its border, the theme's text colour for the word. */
export const LevelLabel = (props: { level: LogLevel }) => {
  const classes = useStyles();
  const levels = useLevelStyles();
  return (
    <span className={`${classes.level} ${levels[`label-${props.level}`]}`}>
      {props.level}
    </span>
  );
};

/** One field of an opened line, with a button that filters on its value. */
const FieldEntry = (props: {
  name: string;
  value: string;
  onFilter: (key: string, value: string) => void;
  className: string;
}) => {
  const label = `Show only lines with ${props.name}=${props.value}`;
  return (
    <>
      <dt>{props.name}</dt>
      <dd>
        {props.value}
        <Tooltip title={label}>
          <IconButton
            size="small"
            className={props.className}
            aria-label={label}
            onClick={() => props.onFilter(props.name, props.value)}
          >
            <FilterListIcon style={{ fontSize: 14 }} />
          </IconButton>
        </Tooltip>
      </dd>
    </>
  );
};

function LogRowView(props: {
  line: EntityLogLine;
  parsed: ParsedLogLine;
  /** The line's link id, see `logLineId`. */
  id: string;
  /** The line a link points at: outlined, scrolled into view, opened. */
  highlighted: boolean;
  wrap: boolean;
  /** Adds `key=value` to the field filter. */
  onFilter: (key: string, value: string) => void;
  /** Opens the trace a line names (its `trace_id`) in the Traces section. */
  onOpenTrace?: (traceId: string, environment: string) => void;
}) {
  const { line, parsed, id, highlighted, wrap, onFilter, onOpenTrace } = props;
  const traceId = traceIdOf(parsed);
  const classes = useStyles();
  const levels = useLevelStyles();
  const [open, setOpen] = useState(highlighted);
  const ref = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView?.({ block: 'center' });
  }, [highlighted]);

  const toggle = () => setOpen(o => !o);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      toggle();
    }
  };
  const shownFields = keyFields(parsed);
  const marked = parsed.level === 'ERROR' || parsed.level === 'WARN';
  const source = `${line.environment}/${line.pod}`;
  const rowClass = [
    classes.row,
    marked ? levels[`mark-${parsed.level}`] : '',
    highlighted ? classes.highlighted : '',
  ].join(' ');
  return (
    <li
      ref={ref}
      className={rowClass}
      data-testid="paved-log-line"
      data-level={parsed.level}
      aria-current={highlighted ? 'true' : undefined}
    >
      <div
        className={classes.line}
        data-testid={highlighted ? 'paved-log-line-highlighted' : undefined}
      >
        <span className={classes.copy}>
          <CopyLinkButton
            what="this line"
            change={{ line: id, at: logLineTime(id), section: 'logs' }}
          />
        </span>
        {traceId && onOpenTrace && (
          <Tooltip title="Open the trace of this request">
            <IconButton
              size="small"
              className={classes.copy}
              aria-label={`Open trace ${traceId}`}
              data-testid="paved-log-trace"
              onClick={() => onOpenTrace(traceId, line.environment)}
            >
              <TimelineIcon style={{ fontSize: 16 }} />
            </IconButton>
          </Tooltip>
        )}
        <div
          role="button"
          tabIndex={0}
          aria-expanded={open}
          className={`${classes.summary} ${
            wrap ? classes.wrap : classes.nowrap
          }`}
          onClick={toggle}
          onKeyDown={onKeyDown}
        >
          <time
            className={`${classes.fixed} ${classes.muted}`}
            dateTime={line.time}
          >
            {clock(line.time)}
          </time>
          <LevelLabel level={parsed.level} />
          <span className={`${classes.fixed} ${classes.muted}`}>{source}</span>
          <span className={classes.message}>
            {parsed.message}
            {shownFields.length > 0 && (
              <span className={classes.muted}>
                {parsed.message ? '  ' : ''}
                {shownFields.map(([k, v]) => `${k}=${v}`).join(' ')}
              </span>
            )}
          </span>
        </div>
      </div>
      {open && (
        <div className={classes.details} data-testid="paved-log-line-details">
          <dl className={classes.fields}>
            <dt>source</dt>
            <dd>
              {line.cluster}/{line.namespace}/{line.pod}/{line.container}
            </dd>
            <dt>received</dt>
            <dd>{line.time}</dd>
            {parsed.format !== 'text' && (
              <>
                {parsed.time !== undefined && parsed.time !== line.time && (
                  <>
                    <dt>time</dt>
                    <dd>{parsed.time}</dd>
                  </>
                )}
                <dt>level</dt>
                <dd>{parsed.level}</dd>
                <dt>message</dt>
                <dd>{parsed.message}</dd>
                {Object.entries(parsed.fields).map(([key, value]) => (
                  <FieldEntry
                    key={key}
                    name={key}
                    value={value}
                    onFilter={onFilter}
                    className={classes.filter}
                  />
                ))}
              </>
            )}
            <dt>raw</dt>
            <dd>
              <pre className={classes.raw}>{line.text}</pre>
            </dd>
          </dl>
        </div>
      )}
    </li>
  );
}

/**
 * One log line: time, level, source, message and a few fields; opens (click, Enter or Space) to all of its
 * fields and its raw text, and offers a link to itself. Rendered again only when its props change.
 */
export const LogRow = memo(LogRowView);
