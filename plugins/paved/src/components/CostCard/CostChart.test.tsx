import { render, screen, within } from '@testing-library/react';
import { CostChart } from './CostChart';
import { daily, days } from './__fixtures__/cost';

/** The day bars of a rendered chart: each is a `rect` titled with its date and amount. */
function bars(chart: HTMLElement) {
  return Array.from(chart.querySelectorAll('rect')).filter(
    rect => rect.querySelector('title') !== null,
  );
}

describe('CostChart', () => {
  it('draws one bar a day, titled with its date and amount, as tall as its share of the highest day', () => {
    render(
      <CostChart
        days={days}
        values={daily}
        currency="USD"
        label="Daily cost of checkout-api"
      />,
    );
    const chart = screen.getByRole('img', {
      name: 'Daily cost of checkout-api',
    });
    expect(chart).toHaveAttribute('data-testid', 'paved-cost-chart');
    const drawn = bars(chart);
    expect(drawn.map(b => b.querySelector('title')!.textContent)).toEqual(
      days.map((day, i) =>
        i < 27
          ? `${day}: $0.00`
          : `${day}: ${['$0.90', '$1.10', '$0.12'][i - 27]}`,
      ),
    );
    const heights = drawn.map(b => Number(b.getAttribute('height')));
    expect(heights.slice(0, 27).every(h => h === 0)).toBe(true);
    expect(Math.max(...heights)).toBe(heights[28]);
    expect(heights[27] / heights[28]).toBeCloseTo(0.9 / 1.1, 2);
    expect(heights[29] / heights[28]).toBeCloseTo(0.12 / 1.1, 2);
    // left to right, oldest first
    const xs = drawn.map(b => Number(b.getAttribute('x')));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    // the first and last dates, and the highest day
    expect(
      within(chart).getByText('2026-10-23').closest('text'),
    ).toHaveAttribute('text-anchor', 'start');
    expect(
      within(chart).getByText('2026-11-21').closest('text'),
    ).toHaveAttribute('text-anchor', 'end');
    expect(within(chart).getByText('max $1.10 / day')).toBeInTheDocument();
  });

  it('says there is no data when there are no days', () => {
    render(<CostChart days={[]} values={[]} currency="EUR" label="Cost" />);
    expect(screen.getByLabelText('Cost: no data')).toHaveTextContent('—');
    expect(screen.queryByTestId('paved-cost-chart')).not.toBeInTheDocument();
  });
});
