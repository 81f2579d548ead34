import { Line, LineChart, XAxis, YAxis } from 'recharts';

/**
 * A small line chart of `[time, value]` points, scaled to its own minimum and maximum; an image named by
 * `label`.
 */
export const Sparkline = (props: {
  points: Array<[number, number]>;
  label: string;
  width?: number;
  height?: number;
}) => {
  if (props.points.length < 2) {
    return <span aria-label={`${props.label}: not enough data`}>—</span>;
  }
  const data = props.points.map(([time, value]) => ({ time, value }));
  return (
    <LineChart
      width={props.width ?? 160}
      height={props.height ?? 32}
      data={data}
      role="img"
      aria-label={props.label}
      accessibilityLayer={false}
      margin={{ top: 1, right: 1, bottom: 1, left: 1 }}
    >
      <XAxis
        dataKey="time"
        type="number"
        domain={['dataMin', 'dataMax']}
        hide
      />
      <YAxis type="number" domain={['dataMin', 'dataMax']} hide />
      <Line
        dataKey="value"
        stroke="currentColor"
        strokeWidth={1.5}
        dot={false}
        isAnimationActive={false}
      />
    </LineChart>
  );
};
