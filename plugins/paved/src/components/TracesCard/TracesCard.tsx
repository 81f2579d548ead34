import {
  InfoCard,
  Progress,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { TraceSummary } from '@paved/plugin-paved-common';
import { useEntityTrace } from '../../hooks/useEntityTrace';
import { useEntityTraces } from '../../hooks/useEntityTraces';
import { signalWindowQuery } from '../../hooks/signalWindow';
import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import {
  CopyLinkButton,
  MOMENT_SPAN_SECONDS,
  PlatformViewState,
  describeRange,
  formatMoment,
  usePlatformView,
} from '../PlatformView';
import { clock } from '../LogsCard/LogRow';
import { TraceFilters } from './TraceFilters';
import { TraceWaterfall } from './TraceWaterfall';
import { formatMicros, traceExtent } from './waterfall';

const columnsFor = (
  onOpen: (trace: TraceSummary) => void,
  opened?: string,
): TableColumn<TraceSummary>[] => [
  { title: 'Time', render: t => clock(new Date(t.start / 1000).toISOString()) },
  { title: 'Environment', field: 'environment' },
  { title: 'Operation', field: 'operation' },
  { title: 'Duration', render: t => formatMicros(t.duration) },
  {
    title: 'Path',
    render: t => (
      <span>
        {t.services.join(' → ')}
        <Typography variant="caption" display="block" color="textSecondary">
          {t.spanCount} spans
        </Typography>
      </span>
    ),
  },
  {
    title: 'Status',
    cellStyle: { minWidth: 260 },
    render: t =>
      t.error ? (
        <StatusError>
          Failed
          {t.failedSpan
            ? ` in ${t.failedSpan.service} ${t.failedSpan.operation}${
                t.failedSpan.message ? `: ${t.failedSpan.message}` : ''
              }`
            : ''}
        </StatusError>
      ) : (
        <StatusOK>OK</StatusOK>
      ),
  },
  {
    title: 'Actions',
    render: t => (
      <span style={{ display: 'flex', alignItems: 'center' }}>
        <Button
          size="small"
          color="primary"
          aria-pressed={opened === t.traceId}
          aria-label={`Open trace ${t.traceId} (${t.operation})`}
          onClick={() => onOpen(t)}
        >
          Open
        </Button>
        <CopyLinkButton
          what="this trace"
          change={{ trace: t.traceId, section: 'traces' }}
        />
      </span>
    ),
  },
];

const spanOf = (extent: { start: number; end: number }) =>
  extent.end - extent.start;

/** The trace the view points at, as a waterfall. */
const OpenTrace = (props: {
  view: PlatformViewState;
  onView: (change: Partial<PlatformViewState>) => void;
}) => {
  const { value, loading, error } = useEntityTrace(
    props.view.trace,
    props.view.environment,
  );
  if (!props.view.trace) return null;
  return (
    <section
      aria-label={`Trace ${props.view.trace}`}
      data-testid="paved-open-trace"
      style={{ padding: 16 }}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <Typography variant="subtitle1" component="h3">
          Trace {props.view.trace}
          {value
            ? ` in ${value.environment}, ${formatMicros(
                spanOf(traceExtent(value.spans)),
              )}`
            : ''}
        </Typography>
        <Button
          size="small"
          style={{ marginLeft: 'auto' }}
          onClick={() => props.onView({ trace: undefined })}
        >
          Close
        </Button>
      </div>
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      {value && <TraceWaterfall trace={value} onView={props.onView} />}
    </section>
  );
};

/**
 * Recent traces through the entity's service in the tab's range (or the minute around a picked moment): per
 * environment, filterable by status, minimum duration and operation; a trace opens as a span waterfall. Spans
 * of other teams' services are opaque hops.
 *
 * @public
 */
export const TracesCard = (props: { environments: string[] }) => {
  const [view, setView] = usePlatformView();
  const minDurationMs = view.traceMinMs ?? 0;
  const operation = view.traceOperation;
  const status = view.traceStatus ?? 'all';
  const window =
    view.at !== undefined
      ? {
          start: view.at - MOMENT_SPAN_SECONDS,
          end: view.at + MOMENT_SPAN_SECONDS,
        }
      : signalWindowQuery(view);
  const { value, loading, error } = useEntityTraces({
    ...window,
    ...(view.environment ? { environment: view.environment } : {}),
    status,
    ...(minDurationMs ? { minDurationMs } : {}),
    ...(operation ? { operation } : {}),
    limit: 50,
  });
  const traces = value?.traces ?? [];
  const where =
    view.at !== undefined
      ? `around ${formatMoment(view.at)}`
      : `in the ${describeRange(view)}`;
  const open = (t: TraceSummary) =>
    setView({ trace: t.traceId, section: 'traces' });
  return (
    <InfoCard title="Traces" noPadding>
      <TraceFilters
        environments={props.environments}
        environment={view.environment}
        onEnvironment={environment => setView({ environment })}
        status={status}
        onStatus={s =>
          setView({ traceStatus: s === 'error' ? 'error' : undefined })
        }
        minDurationMs={minDurationMs}
        onMinDuration={ms => setView({ traceMinMs: ms || undefined })}
        operations={[...new Set(traces.map(t => t.operation))].sort()}
        operation={operation}
        onOperation={op => setView({ traceOperation: op })}
      />
      {loading && <Progress />}
      {error && <ErrorPanel error={error} />}
      {value && (
        <>
          <UnavailableClustersWarning clusters={value.unavailableClusters} />
          {value.notice && (
            <Typography style={{ padding: '0 16px' }}>
              {value.notice}
            </Typography>
          )}
          <Table<TraceSummary>
            title={status === 'error' ? 'Failed traces' : 'Recent traces'}
            subtitle={`${traces.length} ${where}, newest first`}
            options={{
              paging: true,
              pageSize: 10,
              search: false,
              padding: 'dense',
              draggable: false,
              toolbar: true,
            }}
            columns={columnsFor(open, view.trace)}
            data={traces}
            emptyContent={
              <div style={{ padding: 16 }} data-testid="paved-traces-empty">
                No {status === 'error' ? 'failed ' : ''}traces through this
                service {where}
                {minDurationMs || operation ? ' with these filters' : ''}.
              </div>
            }
          />
        </>
      )}
      <OpenTrace view={view} onView={setView} />
    </InfoCard>
  );
};
