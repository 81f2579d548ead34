import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { CostCard } from './CostCard';
import { componentCost, days, forbidden } from './__fixtures__/cost';
import { TabRangeProvider } from '../PlatformView';
import { renderCard } from '../__testUtils__/renderCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

function render(api: Partial<PavedApi>) {
  return renderCard(<CostCard />, api, entity);
}

describe('CostCard', () => {
  it("on the Platform tab, charts the days of the tab's range (at least a week)", async () => {
    const last = days[days.length - 1];
    const end = Date.parse(`${last}T12:00:00Z`) / 1000;
    await renderCard(
      <TabRangeProvider window={{ start: end - 3600, end }}>
        <CostCard />
      </TabRangeProvider>,
      { getComponentCost: jest.fn().mockResolvedValue(componentCost) },
      entity,
    );
    expect(await screen.findByTestId('paved-cost-days')).toHaveTextContent(
      `Daily cost, 7 days to ${last} (the tab's range, at least a week)`,
    );
    const chart = screen.getByRole('img', { name: /^Daily cost of component/ });
    expect(chart.querySelectorAll('rect > title')).toHaveLength(7);
  });

  it('shows the month to date, the projection, the trend, the drivers and the rightsizing suggestions', async () => {
    const getComponentCost = jest.fn().mockResolvedValue(componentCost);
    await render({ getComponentCost });
    expect(
      await screen.findByTestId('paved-cost-month-to-date'),
    ).toHaveTextContent('$2.12');
    expect(screen.getByTestId('paved-cost-projected')).toHaveTextContent(
      '$32.98',
    );
    expect(screen.getByTestId('paved-cost-saving')).toHaveTextContent(
      '$10.27 / month',
    );
    expect(getComponentCost).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
    // the chart: one bar per day, labelled with its date and amount
    const chart = screen.getByRole('img', {
      name: 'Daily cost of component:default/checkout-api, last 30 days',
    });
    expect(chart).toHaveAttribute('data-testid', 'paved-cost-chart');
    expect(chart.querySelectorAll('rect > title')).toHaveLength(30);
    expect(within(chart).getByText('2026-11-20: $1.10')).toBeInTheDocument();
    expect(within(chart).getByText('max $1.10 / day')).toBeInTheDocument();
    // projection from the rate seen since the history began
    expect(screen.getByText(/at the rate seen since/)).toBeInTheDocument();

    expect(screen.getByText('Top cost drivers')).toBeInTheDocument();
    expect(screen.getByText('53 %')).toBeInTheDocument();
    expect(screen.getByText('CPU')).toBeInTheDocument();
    expect(screen.getByText('250m → 110m')).toBeInTheDocument();
    expect(screen.getByText('256Mi → 192Mi')).toBeInTheDocument();
    expect(screen.getByTestId('paved-rightsizing-saving')).toHaveTextContent(
      '$10.27',
    );
    expect(screen.getAllByText('$19.79').length).toBeGreaterThan(0);
  });

  it('says why, with the backend\u2019s reason, when the user may not see the cost', async () => {
    const error = forbidden(
      'You may not view the cost of component:default/checkout-api (paved.entity.cost.read); only its owner, team-checkout, and platform admins may',
    );
    await render({ getComponentCost: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText('Info: You may not see this cost'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/only its owner, team-checkout, and platform admins/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('shows other errors with their details', async () => {
    await render({
      getComponentCost: jest
        .fn()
        .mockRejectedValue(new Error('Prometheus at http://x is unreachable')),
    });
    expect(
      (await screen.findAllByText(/Prometheus at http:\/\/x is unreachable/))
        .length,
    ).toBeGreaterThan(0);
  });

  it('says what is missing when nothing is charged yet', async () => {
    await render({
      getComponentCost: jest.fn().mockResolvedValue({
        ...componentCost,
        monthToDate: 0,
        projected: 0,
        byEnvironment: [],
        byWorkload: [],
        topDrivers: [],
        rightsizing: [],
        notes: [
          'Cluster local has no price table (paved.cost.prices.local), so its costs are left out.',
        ],
      }),
    });
    expect(await screen.findByText('No cost yet')).toBeInTheDocument();
    expect(
      screen.getByText(/Cluster local has no price table/),
    ).toBeInTheDocument();
  });
});
