/** A small line chart of `[time, value]` points, scaled to its own minimum and maximum. */
export const Sparkline = (props: {
  points: Array<[number, number]>;
  label: string;
  width?: number;
  height?: number;
}) => {
  const width = props.width ?? 160;
  const height = props.height ?? 32;
  if (props.points.length < 2) {
    return <span aria-label={`${props.label}: not enough data`}>—</span>;
  }
  const xs = props.points.map(p => p[0]);
  const ys = props.points.map(p => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const x = (t: number) => ((t - x0) / (x1 - x0 || 1)) * (width - 2) + 1;
  const y = (v: number) =>
    height - 1 - ((v - y0) / (y1 - y0 || 1)) * (height - 2);
  const d = props.points
    .map(([t, v], i) => `${i ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`)
    .join(' ');
  return (
    <svg width={width} height={height} role="img" aria-label={props.label}>
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} />
    </svg>
  );
};
