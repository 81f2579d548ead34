import { fireEvent, screen, waitFor, within } from '@testing-library/react';
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

// the first render loads the whole card and its chart library, which takes seconds on a loaded machine
jest.setTimeout(60_000);

describe('MetricsCard', () => {
  it('shows the latest golden signals with a trend and the pods\u2019 usage, and changes range', async () => {
    const getGoldenSignals = jest.fn().mockResolvedValue({
      series: [
        {
          ...where,
          signal: 'requestRate',
          points: [
            [1, 10],
            [2, 12.5],
          ],
        },
        {
          ...where,
          signal: 'errorRatio',
          points: [
            [1, 0.01],
            [2, 0.02],
          ],
        },
        {
          ...where,
          signal: 'p95',
          points: [
            [1, 0.2],
            [2, 0.25],
          ],
        },
      ],
    });
    const api: Partial<PavedApi> = {
      getGoldenSignals,
      getCurrentMetrics: async () => ({
        pods: [
          {
            ...where,
            pod: 'checkout-api-1',
            cpuMillicores: 120.4,
            memoryBytes: 300 * 1024 ** 2,
          },
        ],
      }),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[pavedApiRef, api]]}>
        <EntityProvider entity={entity}>
          <MetricsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const table = await screen.findByTestId('paved-golden-signals');
    expect(within(table).getByText('12.50/s')).toBeInTheDocument();
    expect(within(table).getByText('2.00 %')).toBeInTheDocument();
    expect(within(table).getByText('250 ms')).toBeInTheDocument();
    // a trend line through both points of each signal that has them, a dash for the others
    const requests = within(table).getByRole('img', {
      name: 'Requests in dev',
    });
    expect(
      requests.querySelector('.recharts-line-curve')?.getAttribute('d'),
    ).toMatch(/^M[\d.]+,[\d.]+L[\d.]+,[\d.]+$/);
    expect(
      within(table).getByRole('img', { name: 'Errors in dev' }),
    ).toBeInTheDocument();
    expect(
      within(table).getByLabelText('p50 in dev: not enough data'),
    ).toHaveTextContent('—');
    expect(await screen.findByText('120m')).toBeInTheDocument();
    expect(screen.getByText('300 MiB')).toBeInTheDocument();
    expect(getGoldenSignals).toHaveBeenLastCalledWith(expect.anything(), {
      range: '1h',
    });

    fireEvent.mouseDown(screen.getByRole('button', { name: 'Range' }));
    fireEvent.click(await screen.findByRole('option', { name: '24h' }));
    await waitFor(() =>
      expect(getGoldenSignals).toHaveBeenLastCalledWith(expect.anything(), {
        range: '24h',
      }),
    );
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
    const table = await screen.findByTestId('paved-golden-signals');
    expect(within(table).getByText('12.50/s')).toBeInTheDocument();
  });
});
