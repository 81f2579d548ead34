import { render, screen } from '@testing-library/react';
import { Sparkline } from './Sparkline';

/** The `[x, y]` corners of the line's SVG path. */
function corners(line: Element): Array<[number, number]> {
  const d = line.getAttribute('d') ?? '';
  return Array.from(d.matchAll(/[ML]([\d.]+),([\d.]+)/g), m => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

describe('Sparkline', () => {
  it('draws one corner a point, spread over its width and scaled to its own minimum and maximum', () => {
    render(
      <Sparkline
        label="Requests in dev"
        width={100}
        height={20}
        points={[
          [0, 10],
          [60, 30],
          [120, 20],
        ]}
      />,
    );
    const chart = screen.getByRole('img', { name: 'Requests in dev' });
    const line = chart.querySelector('.recharts-line-curve');
    expect(line).not.toBeNull();
    const [first, highest, last] = corners(line!);
    expect(corners(line!)).toHaveLength(3);
    // time runs left to right, evenly
    expect(first[0]).toBeLessThan(highest[0]);
    expect(highest[0] - first[0]).toBeCloseTo(last[0] - highest[0], 5);
    // the highest value at the top, the lowest at the bottom, the middle one half way
    expect(highest[1]).toBeLessThan(last[1]);
    expect(last[1]).toBeLessThan(first[1]);
    expect(last[1]).toBeCloseTo((first[1] + highest[1]) / 2, 5);
  });

  it('shows a dash when there are fewer than two points', () => {
    render(<Sparkline label="p95 in dev" points={[[0, 0.2]]} />);
    expect(
      screen.getByLabelText('p95 in dev: not enough data'),
    ).toHaveTextContent('—');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
