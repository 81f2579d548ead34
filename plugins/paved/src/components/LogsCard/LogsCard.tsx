import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { EmptyState, InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import {
  LOG_LEVELS,
  LogLevel,
  eventWindow,
  logLineId,
  usePlatformView,
  useViewNow,
} from '../PlatformView';
import { useEntityLogs } from '../../hooks/useEntityLogs';
import { EntityLogLine } from '../../api/PavedApi';
import {
  ParsedLogLine,
  formatFieldTerm,
  matchesFieldFilter,
  parseFieldFilter,
  parseLogLine,
} from './logLine';
import { LogRow, clock } from './LogRow';
import { LogToolbar } from './LogToolbar';
import { LogWindow, followUnavailable } from './LogWindow';
import { downloadLines } from './download';

/**
 * Lines the card asks for when it opens: about a screenful and a half; more when a link points at a line,
 * so that the line is among them even when its minute was busy. "Load older lines" asks for four times as
 * many each time, up to the backend's maximum.
 */
const INITIAL_TAIL = 30;
const LINKED_TAIL = 500;
const MAX_TAIL = 5000;

/** Height of the lines' scrollable region. */
const LINES_HEIGHT = 420;

/** Each line is read once: line objects stay the same while the card shows them. */
const parsedLines = new WeakMap<EntityLogLine, ParsedLogLine>();
function parsedOf(line: EntityLogLine): ParsedLogLine {
  let parsed = parsedLines.get(line);
  if (!parsed) {
    parsed = parseLogLine(line.text);
    parsedLines.set(line, parsed);
  }
  return parsed;
}

interface Row {
  line: EntityLogLine;
  parsed: ParsedLogLine;
  id: string;
  /** The React key: the id, and how many lines before had the same one. */
  key: string;
}

function toRows(lines: EntityLogLine[]): Row[] {
  const seen = new Map<string, number>();
  return lines.map(line => {
    const id = logLineId(line);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return { line, parsed: parsedOf(line), id, key: n ? `${id}#${n}` : id };
  });
}

function latest(row: Row): string {
  const { line, parsed } = row;
  return `${clock(line.time)} ${line.environment}/${line.pod} ${
    parsed.message || line.text
  }`;
}

/**
 * The entity's logs as a team reads them every day: each line's time, level, source, message and key
 * fields (JSON and logfmt lines are read), opened to all fields; filters by environment, text (on the
 * server), level and fields; the tab's time range or moment; Follow, Wrap, Download and a link to each line.
 * The environment, levels, field filter and linked line live in the page's URL.
 *
 * @public
 */
export const LogsCard = (props: { environments: string[] }) => {
  const { entity } = useEntity();
  const [view, setView] = usePlatformView();
  const openTrace = useCallback(
    (trace: string, environment: string) =>
      setView({ trace, environment, section: 'traces' }),
    [setView],
  );
  const now = useViewNow(view);
  const [search, setSearch] = useState('');
  const [followOn, setFollow] = useState(false);
  const [wrap, setWrap] = useState(false);

  // the window: a preset range ends now and is read from its start (Follow adds what comes next); a
  // custom range or a moment is bounded on both sides
  const notLive = followUnavailable(view);
  const follow = followOn && notLive === undefined;
  const { start, end } = eventWindow(view, now);
  const window =
    notLive === undefined || end <= start
      ? { since: start }
      : { since: start, until: end };
  const base = {
    environment: view.environment,
    search: search || undefined,
  };
  const baseKey = JSON.stringify([base, window]);
  const [older, setOlder] = useState<{ key: string; tail: number }>();
  const firstTail = view.line ? LINKED_TAIL : INITIAL_TAIL;
  const tail = older?.key === baseKey ? older.tail : firstTail;
  const {
    loading,
    error,
    lines,
    initialCount,
    notice,
    followNotices,
    unavailableClusters,
  } = useEntityLogs({ ...base, tail, ...window }, follow);
  // a full answer may have older lines behind it
  const more = !loading && initialCount >= tail && tail < MAX_TAIL;

  // the field filter: applied as typed, written to the URL when typing pauses
  const [fieldsText, setFieldsText] = useState(view.fields ?? '');
  const written = useRef(view.fields ?? '');
  useEffect(() => {
    // the URL changed without the card (back, a link): show its filter
    if ((view.fields ?? '') !== written.current) {
      written.current = view.fields ?? '';
      setFieldsText(written.current);
    }
  }, [view.fields]);
  useDebounce(
    () => {
      if (fieldsText !== written.current) {
        written.current = fieldsText;
        setView({ fields: fieldsText || undefined });
      }
    },
    300,
    [fieldsText],
  );
  const filter = useMemo(() => parseFieldFilter(fieldsText), [fieldsText]);
  const addFieldTerm = useCallback(
    (key: string, value: string) =>
      setFieldsText(text =>
        [text.trim(), formatFieldTerm(key, value)].filter(Boolean).join(' '),
      ),
    [],
  );

  const rows = useMemo(() => toRows(lines), [lines]);
  const byFields = useMemo(
    () => rows.filter(r => matchesFieldFilter(r.parsed, filter.terms)),
    [rows, filter],
  );
  const levelCounts = useMemo(() => {
    const counts = Object.fromEntries(LOG_LEVELS.map(l => [l, 0])) as Record<
      LogLevel,
      number
    >;
    for (const r of byFields) counts[r.parsed.level]++;
    return counts;
  }, [byFields]);
  const shown = useMemo(
    () =>
      view.levels.length
        ? byFields.filter(r => view.levels.includes(r.parsed.level))
        : byFields,
    [byFields, view.levels],
  );
  const filtered = view.levels.length > 0 || filter.terms.length > 0;
  const clearFilters = () => {
    setFieldsText('');
    setView({ levels: [] });
  };

  const linked = view.line ? rows.find(r => r.id === view.line) : undefined;
  const linkedShown = linked !== undefined && shown.includes(linked);

  // keep the newest line in sight, unless the reader scrolled up or a linked line is to be shown
  const region = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  useLayoutEffect(() => {
    const el = region.current;
    if (el && atBottom.current && !(linkedShown && !follow)) {
      el.scrollTop = el.scrollHeight;
    }
  }, [shown, linkedShown, follow]);

  return (
    <InfoCard title="Logs" noPadding>
      <LogToolbar
        environments={props.environments}
        environment={view.environment}
        onEnvironment={environment => setView({ environment })}
        search={search}
        onSearch={setSearch}
        levels={view.levels}
        levelCounts={levelCounts}
        onLevels={levels => setView({ levels })}
        fields={fieldsText}
        onFields={setFieldsText}
        fieldsProblem={filter.problem?.message}
        wrap={wrap}
        onWrap={setWrap}
        follow={follow}
        onFollow={setFollow}
        followUnavailable={notLive}
        downloadCount={shown.length}
        onDownload={() =>
          downloadLines(
            `${entity.metadata.name}-logs.txt`,
            shown.map(r => r.line.text),
          )
        }
      />
      <LogWindow
        view={view}
        onShowWholeRange={() => setView({ at: undefined })}
      />
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      <UnavailableClustersWarning clusters={unavailableClusters} />
      {[
        ...(notice ? [{ text: notice, testId: 'paved-logs-notice' }] : []),
        ...followNotices.map(text => ({
          text,
          testId: 'paved-logs-follow-notice',
        })),
      ].map(({ text, testId }) => (
        <Typography
          key={text}
          variant="body2"
          component="p"
          style={{ padding: '0 16px 8px' }}
          data-testid={testId}
        >
          {text}
        </Typography>
      ))}
      {!loading && !error && lines.length === 0 && (
        <EmptyState
          missing="data"
          title="No log lines"
          description="No container of this entity wrote a matching line in this window."
        />
      )}
      {lines.length > 0 && (
        <Typography
          variant="caption"
          component="p"
          aria-live="polite"
          style={{ padding: '0 16px 8px' }}
          data-testid="paved-logs-latest"
        >
          {filtered ? `${shown.length} of ${lines.length}` : lines.length}{' '}
          line(s){follow ? ', following' : ''}
          {shown.length > 0
            ? `; latest: ${latest(shown[shown.length - 1])}`
            : '; none matches the filters'}
        </Typography>
      )}
      {view.line && !loading && lines.length > 0 && !linkedShown && (
        <Typography
          variant="body2"
          component="p"
          style={{ padding: '0 16px 8px' }}
          data-testid="paved-logs-linked"
        >
          {linked
            ? 'The linked line is hidden by the level or field filter.'
            : 'The linked line is not among the lines loaded for this window.'}
        </Typography>
      )}
      {more && (
        <Button
          size="small"
          style={{ margin: '0 16px 8px' }}
          onClick={() =>
            setOlder({ key: baseKey, tail: Math.min(MAX_TAIL, tail * 4) })
          }
        >
          Load older lines
        </Button>
      )}
      {lines.length > 0 && shown.length === 0 && (
        <div style={{ padding: '0 16px 16px' }}>
          <Typography variant="body2" component="p">
            No line matches the filters.
          </Typography>
          <Button size="small" color="primary" onClick={clearFilters}>
            Clear filters
          </Button>
        </div>
      )}
      {shown.length > 0 && (
        <div
          ref={region}
          role="region"
          aria-label="Log lines"
          data-testid="paved-logs"
          onScroll={e => {
            const el = e.currentTarget;
            atBottom.current =
              el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
          style={{
            height: LINES_HEIGHT,
            overflow: 'auto',
            containerType: 'inline-size',
          }}
        >
          <ul
            style={{
              margin: 0,
              padding: 0,
              minWidth: '100%',
              width: wrap ? '100%' : 'max-content',
            }}
          >
            {shown.map(r => (
              <LogRow
                key={r.key}
                line={r.line}
                parsed={r.parsed}
                id={r.id}
                highlighted={r.id === view.line}
                wrap={wrap}
                onFilter={addFieldTerm}
                onOpenTrace={openTrace}
              />
            ))}
          </ul>
        </div>
      )}
    </InfoCard>
  );
};
