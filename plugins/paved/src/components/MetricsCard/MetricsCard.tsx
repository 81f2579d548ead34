import { ErrorPanel } from '../ErrorPanel';
import { UnavailableClustersWarning } from '../UnavailableClustersWarning';
import { InfoCard, Progress, TableColumn } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EntityPodUsage, GoldenSignal } from '@paved/plugin-paved-common';
import { SignalPoints } from '../../api/PavedApi';
import {
  useCurrentMetrics,
  useGoldenSignals,
} from '../../hooks/useEntityMetrics';
import { DenseTable } from '../DenseTable';
import {
  describeRange,
  rangeWindow,
  usePlatformView,
  useViewNow,
} from '../PlatformView';
import { ChartSeries, SignalChart } from './SignalChart';
import { goalsOf } from './goals';
import { formatMillis, formatPercent, formatPerSecond } from './format';

const percent = formatPercent;
const millis = formatMillis;
const perSecond = formatPerSecond;

/** The charts of the card: which signal, its title and unit. */
const CHARTS: Array<{
  key: GoldenSignal;
  title: string;
  format: (v: number) => string;
  goal?: 'errorRatio' | 'p95';
}> = [
  { key: 'requestRate', title: 'Requests per second', format: perSecond },
  {
    key: 'errorRatio',
    title: 'Error rate',
    format: percent,
    goal: 'errorRatio',
  },
  { key: 'p95', title: 'Latency p95', format: millis, goal: 'p95' },
];

const podColumns: TableColumn<EntityPodUsage>[] = [
  { title: 'Environment', field: 'environment' },
  { title: 'Pod', field: 'pod' },
  { title: 'CPU', render: p => `${p.cpuMillicores.toFixed(0)}m` },
  {
    title: 'Memory',
    render: p => `${(p.memoryBytes / 1024 ** 2).toFixed(0)} MiB`,
  },
];

/** The series of one signal, one per environment. */
const seriesOf = (all: SignalPoints[], signal: GoldenSignal): ChartSeries[] =>
  all
    .filter(s => s.signal === signal)
    .map(s => ({ name: s.environment, points: s.points }));

function GoldenSignals() {
  const [view, setView] = usePlatformView();
  const now = useViewNow(view);
  const window = rangeWindow(view, now);
  const { value, loading, error } = useGoldenSignals(view);
  const goals = goalsOf(useEntity().entity);
  if (loading) return <Progress />;
  if (error) return <ErrorPanel error={error} />;
  const series = value?.series ?? [];
  const missing = (
    <UnavailableClustersWarning clusters={value?.unavailableClusters} />
  );
  if (series.length === 0) {
    return (
      <>
        {missing}
        <Typography>
          No request metrics for this entity in the {describeRange(view)}.
        </Typography>
      </>
    );
  }
  // the latest value of each signal and environment, as text (and for the tests)
  const latest = series
    .filter(s => s.signal === 'requestRate' && s.points.length > 0)
    .map(s => `${s.environment} ${perSecond(s.points[s.points.length - 1][1])}`)
    .join(', ');
  return (
    <>
      {missing}
      <div data-testid="paved-golden-signals">
        <Typography variant="body2" color="textSecondary" paragraph>
          Golden signals, {describeRange(view)}
          {latest ? ` — requests now: ${latest}` : ''}. Click a point to see the
          logs and events of that moment.
        </Typography>
        <Grid container spacing={2}>
          {CHARTS.map(chart => {
            const goal = chart.goal ? goals[chart.goal] : undefined;
            return (
              <Grid item xs={12} md={4} key={chart.key}>
                <SignalChart
                  title={chart.title}
                  series={seriesOf(series, chart.key)}
                  window={window}
                  format={chart.format}
                  goal={goal}
                  onPick={at => setView({ at, section: 'logs' })}
                  onTraces={
                    chart.key === 'errorRatio'
                      ? at =>
                          setView({
                            at,
                            section: 'traces',
                            traceStatus: 'error',
                            trace: undefined,
                          })
                      : undefined
                  }
                  testId={`paved-chart-${chart.key}`}
                />
              </Grid>
            );
          })}
        </Grid>
      </div>
    </>
  );
}

/**
 * The entity's golden signals over the tab's time range (requests, error rate, p95 per environment, with the
 * entity's goals), and the CPU and memory of its pods now.
 *
 * @public
 */
export const MetricsCard = () => {
  const current = useCurrentMetrics();
  return (
    <InfoCard title="Metrics">
      <GoldenSignals />
      {current.loading && <Progress />}
      {current.error && <ErrorPanel error={current.error} />}
      {current.value && (
        <>
          <UnavailableClustersWarning
            clusters={current.value.unavailableClusters?.filter(
              // a cluster the signals' warning already names is not named twice
              c => c.kind !== 'prometheus-unreachable',
            )}
          />
          <DenseTable<EntityPodUsage>
            title="Pods now"
            columns={podColumns}
            data={current.value.pods}
          />
        </>
      )}
    </InfoCard>
  );
};
