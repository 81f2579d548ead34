import { useTheme } from '@material-ui/core/styles';
import { formatMoney } from './format';

/**
 * A small bar chart of daily costs (oldest first), with the first and last dates and the highest day.
 */
export const CostChart = (props: {
  days: string[];
  values: number[];
  currency: string;
  label: string;
  width?: number;
  height?: number;
}) => {
  const theme = useTheme();
  const width = props.width ?? 480;
  const height = props.height ?? 96;
  const axis = 14;
  const max = Math.max(0, ...props.values);
  const n = props.values.length;
  if (n === 0) {
    return <span aria-label={`${props.label}: no data`}>—</span>;
  }
  const slot = width / n;
  const barWidth = Math.max(1, slot - 2);
  const chartHeight = height - axis;
  const bars = props.values.map((value, i) => {
    const h = max > 0 ? (value / max) * (chartHeight - 12) : 0;
    return (
      <rect
        key={props.days[i] ?? i}
        x={i * slot + 1}
        y={chartHeight - h}
        width={barWidth}
        height={h}
        fill={theme.palette.primary.main}
      >
        <title>{`${props.days[i]}: ${formatMoney(
          value,
          props.currency,
        )}`}</title>
      </rect>
    );
  });
  const text = { fontSize: 10, fill: theme.palette.text.secondary };
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={props.label}
      data-testid="paved-cost-chart"
      style={{ maxWidth: '100%' }}
      viewBox={`0 0 ${width} ${height}`}
    >
      <line
        x1={0}
        x2={width}
        y1={chartHeight + 0.5}
        y2={chartHeight + 0.5}
        stroke={theme.palette.divider}
      />
      {bars}
      <text x={0} y={9} {...text}>
        {`max ${formatMoney(max, props.currency)} / day`}
      </text>
      <text x={0} y={height - 2} {...text}>
        {props.days[0]}
      </text>
      <text x={width} y={height - 2} textAnchor="end" {...text}>
        {props.days[n - 1]}
      </text>
    </svg>
  );
};
