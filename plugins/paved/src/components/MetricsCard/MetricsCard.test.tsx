import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { PavedClient } from '../../api/PavedClient';
import { MetricsCard } from './MetricsCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
};
const where = {
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
};

/** Shows the page's query string, to see what the card wrote into the URL. */
const Location = () => (
  <output data-testid="search">{useLocation().search}</output>
);

const signals = (t0: number) => [
  {
    ...where,
    signal: 'requestRate',
    points: [
      [t0, 10],
      [t0 + 60, 12.5],
    ],
  },
  {
    ...where,
    signal: 'errorRatio',
    points: [
      [t0, 0.01],
      [t0 + 60, 0.2],
      [t0 + 120, 0.02],
    ],
  },
  {
    ...where,
    signal: 'p95',
    points: [
      [t0, 0.2],
      [t0 + 60, 0.25],
    ],
  },
];

async function renderCard(
  api: Partial<PavedApi>,
  options: { url?: string; annotations?: Record<string, string> } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <EntityProvider
        entity={{
          ...entity,
          metadata: { ...entity.metadata, annotations: options.annotations },
        }}
      >
        <MetricsCard />
        <Location />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [options.url ?? '/'] },
  );
}

const podsNow = async () => ({
  pods: [
    {
      ...where,
      pod: 'checkout-api-1',
      cpuMillicores: 120.4,
      memoryBytes: 300 * 1024 ** 2,
    },
  ],
});

describe('MetricsCard', () => {
  it("charts each golden signal over the tab's range with its values in words, and the pods\u2019 usage", async () => {
    const t0 = Math.floor(Date.now() / 1000) - 600;
    const getGoldenSignals = jest.fn().mockResolvedValue({
      series: signals(t0),
    });
    await renderCard(
      { getGoldenSignals, getCurrentMetrics: podsNow },
      { annotations: { 'paved.dev/error-ratio-goal': '0.05' } },
    );
    const card = await screen.findByTestId('paved-golden-signals');
    expect(card).toHaveTextContent('requests now: dev 12.50/s');
    expect(
      within(screen.getByTestId('paved-chart-errorRatio')).getByText(
        'Error rate — dev: latest 2.00 %, highest 20.0 %; goal error budget 5.00 %',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('paved-chart-p95')).getByText(
        'Latency p95 — dev: latest 250 ms, highest 250 ms',
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('120m')).toBeInTheDocument();
    expect(screen.getByText('300 MiB')).toBeInTheDocument();
    expect(getGoldenSignals).toHaveBeenLastCalledWith(expect.anything(), {
      range: '1h',
    });
  });

  it('follows the range in the URL, preset or custom', async () => {
    const getGoldenSignals = jest.fn().mockResolvedValue({ series: [] });
    await renderCard(
      { getGoldenSignals, getCurrentMetrics: podsNow },
      { url: '/?range=6h' },
    );
    await waitFor(() =>
      expect(getGoldenSignals).toHaveBeenLastCalledWith(expect.anything(), {
        range: '6h',
      }),
    );
    expect(
      await screen.findByText(
        'No request metrics for this entity in the last 6 hours.',
      ),
    ).toBeInTheDocument();
  });

  it('asks for a custom window by its start and end', async () => {
    const getGoldenSignals = jest.fn().mockResolvedValue({ series: [] });
    await renderCard(
      { getGoldenSignals, getCurrentMetrics: podsNow },
      { url: '/?range=custom&from=1764900000&to=1764910000' },
    );
    await waitFor(() =>
      expect(getGoldenSignals).toHaveBeenLastCalledWith(expect.anything(), {
        start: 1764900000,
        end: 1764910000,
      }),
    );
  });

  it('picks the moment of a peak for the logs and events, from the keyboard too', async () => {
    const t0 = Math.floor(Date.now() / 1000) - 600;
    await renderCard({
      getGoldenSignals: jest.fn().mockResolvedValue({ series: signals(t0) }),
      getCurrentMetrics: podsNow,
    });
    const errors = await screen.findByTestId('paved-chart-errorRatio');
    fireEvent.click(
      within(errors).getByRole('button', {
        name: /Show logs and events around the error rate peak/,
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('search')).toHaveTextContent(`at=${t0 + 60}`),
    );
    expect(screen.getByTestId('search')).toHaveTextContent('section=logs');
  });

  it('reads the backend’s golden signals as values on a shared step, gaps left out', async () => {
    const answers: Record<string, unknown> = {
      'metrics/golden-signals': {
        step: 60,
        series: [
          {
            ...where,
            signal: 'requestRate',
            start: 1000,
            values: [10, null, 12.5],
          },
          { ...where, signal: 'errorRatio', start: 880, values: [] },
        ],
      },
      'metrics/current': { pods: [] },
    };
    const fetch = jest.fn(async (url: RequestInfo | URL) => {
      const path = /checkout-api\/([^?]+)/.exec(String(url))![1];
      return new Response(JSON.stringify(answers[path]));
    });
    const client = new PavedClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/paved' },
      fetchApi: { fetch },
    });
    expect(
      await client.getGoldenSignals(
        { kind: 'Component', namespace: 'default', name: 'checkout-api' },
        { range: '1h' },
      ),
    ).toEqual({
      series: [
        {
          ...where,
          signal: 'requestRate',
          points: [
            [1000, 10],
            [1120, 12.5],
          ],
        },
        { ...where, signal: 'errorRatio', points: [] },
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[pavedApiRef, client]]}>
        <EntityProvider entity={entity}>
          <MetricsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const card = await screen.findByTestId('paved-golden-signals');
    expect(card).toHaveTextContent('requests now: dev 12.50/s');
  });
});
