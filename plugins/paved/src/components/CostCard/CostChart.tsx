import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  BarShapeProps,
  ReferenceLine,
  ResponsiveContainer,
  Text,
  XAxis,
  XAxisTickContentProps,
  YAxis,
} from 'recharts';
import { formatMoney } from './format';

/** The chart's size before the browser has measured its container (and in tests, where nothing is measured). */
const INITIAL_SIZE = { width: 480, height: 96 };

/** One day of the chart. */
interface DayCost {
  day: string;
  value: number;
}

/**
 * A small bar chart of daily costs (oldest first): one bar a day titled with its date and amount, the first
 * and last dates under it and a line at the highest day. The chart is an image named by `label`, with the test
 * id `paved-cost-chart`.
 */
export const CostChart = (props: {
  days: string[];
  values: number[];
  currency: string;
  label: string;
}) => {
  const theme = useTheme();
  const n = props.values.length;
  if (n === 0) {
    return <span aria-label={`${props.label}: no data`}>—</span>;
  }
  const money = (amount: number) => formatMoney(amount, props.currency);
  const data: DayCost[] = props.values.map((value, i) => ({
    day: props.days[i] ?? String(i),
    value,
  }));
  const max = Math.max(0, ...props.values);
  const text = { fontSize: 10, fill: theme.palette.text.secondary };
  const DayBar = (bar: BarShapeProps) => (
    <rect
      x={bar.x}
      y={bar.y}
      width={bar.width}
      height={bar.height}
      fill={theme.palette.primary.main}
    >
      <title>{`${bar.payload.day}: ${money(bar.payload.value)}`}</title>
    </rect>
  );
  return (
    <ResponsiveContainer
      width="100%"
      height={INITIAL_SIZE.height}
      initialDimension={INITIAL_SIZE}
    >
      <BarChart
        data={data}
        role="img"
        aria-label={props.label}
        data-testid="paved-cost-chart"
        accessibilityLayer={false}
        barCategoryGap={1}
        margin={{ top: 12, right: 0, bottom: 0, left: 0 }}
      >
        <XAxis
          dataKey="day"
          ticks={[data[0].day, data[n - 1].day]}
          interval={0}
          tick={(tick: XAxisTickContentProps) => (
            // the first date starts at the left end, the last ends at the right end
            <Text
              {...text}
              x={tick.x}
              y={tick.y}
              textAnchor={tick.index === 0 ? 'start' : 'end'}
              verticalAnchor="start"
            >
              {tick.payload.value}
            </Text>
          )}
          tickLine={false}
          height={14}
          stroke={theme.palette.divider}
        />
        <YAxis hide domain={[0, max || 1]} />
        <ReferenceLine
          y={max}
          stroke={theme.palette.divider}
          strokeDasharray="3 3"
          label={{
            value: `max ${money(max)} / day`,
            position: 'insideBottomLeft',
            offset: 2,
            ...text,
          }}
        />
        <Bar dataKey="value" isAnimationActive={false} shape={DayBar} />
      </BarChart>
    </ResponsiveContainer>
  );
};
