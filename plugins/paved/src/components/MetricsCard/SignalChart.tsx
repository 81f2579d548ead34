import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatMoment } from '../PlatformView';

/** One environment's line: `[unix seconds, value]` points. */
export interface ChartSeries {
  name: string;
  points: Array<[number, number]>;
}

/** The chart's size before the browser has measured its container (and in tests, where nothing is measured). */
const INITIAL_SIZE = { width: 640, height: 180 };

const clock = (seconds: number) =>
  new Date(seconds * 1000).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });

/** The time and value of the highest point over all series, if any. */
export function peakOf(
  series: ChartSeries[],
): { time: number; value: number; name: string } | undefined {
  let peak: { time: number; value: number; name: string } | undefined;
  for (const s of series) {
    for (const [time, value] of s.points) {
      if (!peak || value > peak.value) peak = { time, value, name: s.name };
    }
  }
  return peak;
}

/** The chart in words, for screen readers and as the figure's caption: latest and highest value per line. */
export function describeChart(
  title: string,
  series: ChartSeries[],
  format: (v: number) => string,
  goal?: { value: number; label: string },
): string {
  const parts = series.map(s => {
    if (s.points.length === 0) return `${s.name}: no data`;
    const latest = s.points[s.points.length - 1][1];
    const max = Math.max(...s.points.map(p => p[1]));
    return `${s.name}: latest ${format(latest)}, highest ${format(max)}`;
  });
  const goalText = goal ? `; goal ${goal.label} ${format(goal.value)}` : '';
  return `${title} — ${parts.join('; ')}${goalText}`;
}

/**
 * A line chart of one golden signal, one line per environment, over the tab's window: time axis, value
 * axis with units, hover values, and the goal line where the entity sets one. Clicking a point (or the
 * "around the peak" button, for the keyboard) picks that moment, which narrows logs and events to it.
 */
export const SignalChart = (props: {
  title: string;
  series: ChartSeries[];
  window: { start: number; end: number };
  format: (v: number) => string;
  goal?: { value: number; label: string };
  onPick: (seconds: number) => void;
  /** Shows the failed traces of a moment (the error-rate chart offers it at its peak). */
  onTraces?: (seconds: number) => void;
  testId?: string;
}) => {
  const theme = useTheme();
  const colours = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success?.main ?? '#2e7d32',
    theme.palette.warning?.main ?? '#ed6c02',
  ];
  const times = [
    ...new Set(props.series.flatMap(s => s.points.map(p => p[0]))),
  ].sort((a, b) => a - b);
  const data = times.map(time => {
    const row: Record<string, number> = { time };
    for (const s of props.series) {
      const point = s.points.find(p => p[0] === time);
      if (point) row[s.name] = point[1];
    }
    return row;
  });
  const summary = describeChart(
    props.title,
    props.series,
    props.format,
    props.goal,
  );
  const peak = peakOf(props.series);
  const axisText = { fontSize: 11, fill: theme.palette.text.secondary };
  return (
    <figure style={{ margin: 0 }} data-testid={props.testId}>
      <figcaption>
        <Typography variant="subtitle2" component="span">
          {props.title}
        </Typography>
        <span
          style={{
            position: 'absolute',
            width: 1,
            height: 1,
            overflow: 'hidden',
            clip: 'rect(0 0 0 0)',
          }}
        >
          {summary}
        </span>
      </figcaption>
      {data.length < 2 ? (
        <Typography variant="body2" color="textSecondary">
          Not enough data in this range.
        </Typography>
      ) : (
        <ResponsiveContainer
          width="100%"
          height={180}
          initialDimension={INITIAL_SIZE}
        >
          <LineChart
            data={data}
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
            onClick={(state: any) => {
              const label = Number(state?.activeLabel);
              if (Number.isFinite(label)) props.onPick(label);
            }}
            style={{ cursor: 'crosshair' }}
          >
            <CartesianGrid
              stroke={theme.palette.divider}
              strokeDasharray="3 3"
            />
            <XAxis
              dataKey="time"
              type="number"
              scale="time"
              domain={[props.window.start, props.window.end]}
              tickFormatter={clock}
              tick={axisText}
              stroke={theme.palette.text.secondary}
            />
            <YAxis
              tickFormatter={props.format}
              tick={axisText}
              width={72}
              stroke={theme.palette.text.secondary}
            />
            <Tooltip
              labelFormatter={(label: any) => formatMoment(Number(label))}
              formatter={(value: any) => props.format(Number(value))}
              contentStyle={{
                background: theme.palette.background.paper,
                color: theme.palette.text.primary,
                border: `1px solid ${theme.palette.divider}`,
              }}
            />
            <Legend
              wrapperStyle={{ fontSize: 12, color: theme.palette.text.primary }}
            />
            {props.goal && (
              <ReferenceLine
                y={props.goal.value}
                stroke={theme.palette.error.main}
                strokeDasharray="6 3"
                label={{
                  value: `${props.goal.label} ${props.format(
                    props.goal.value,
                  )}`,
                  position: 'insideTopRight',
                  fill: theme.palette.text.primary,
                  fontSize: 11,
                }}
              />
            )}
            {props.series.map((s, i) => (
              <Line
                key={s.name}
                dataKey={s.name}
                name={s.name}
                stroke={colours[i % colours.length]}
                strokeWidth={2}
                dot={false}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      )}
      {peak && data.length >= 2 && (
        <Button
          size="small"
          onClick={() => props.onPick(peak.time)}
          aria-label={`Show logs and events around the ${props.title.toLowerCase()} peak at ${clock(
            peak.time,
          )}`}
        >
          Logs and events around the peak ({clock(peak.time)})
        </Button>
      )}
      {peak && data.length >= 2 && props.onTraces && (
        <Button
          size="small"
          onClick={() => props.onTraces!(peak.time)}
          aria-label={`Show the failed traces around the ${props.title.toLowerCase()} peak at ${clock(
            peak.time,
          )}`}
        >
          Failed traces at the peak ({clock(peak.time)})
        </Button>
      )}
    </figure>
  );
};
