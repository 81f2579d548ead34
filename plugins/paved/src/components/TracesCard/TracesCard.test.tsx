import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { Entity } from '@backstage/catalog-model';
import { EntityTrace, TraceSummary } from '@paved/plugin-paved-common';
import { renderCard } from '../__testUtils__/renderCard';
import { TracesCard } from './TracesCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'search-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'search-api' },
  },
  spec: { owner: 'team-search' },
};

const Location = () => (
  <output data-testid="search">{useLocation().search}</output>
);

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const place = { cluster: 'local', namespace: 'search-dev', environment: 'dev' };
const t0 = 1_764_900_000_000_000;
const summary: TraceSummary = {
  ...place,
  traceId,
  start: t0,
  duration: 42_000,
  rootService: 'storefront',
  operation: 'GET /api/products/{id}',
  spanDuration: 40_000,
  error: true,
  failedSpan: {
    service: 'search-api',
    operation: 'SELECT products',
    message: 'deadlock detected',
  },
  spanCount: 4,
  services: ['storefront', 'search-api', 'checkout-api'],
};
const trace: EntityTrace = {
  ...place,
  traceId,
  spans: [
    {
      spanId: 'root',
      service: 'storefront',
      start: t0,
      duration: 42_000,
      opaque: true,
    },
    {
      spanId: 'own',
      parentSpanId: 'root',
      service: 'search-api',
      start: t0 + 1_000,
      duration: 40_000,
      opaque: false,
      operation: 'GET /api/products/{id}',
      kind: 'server',
      error: true,
      statusMessage: 'deadlock detected',
      attributes: { 'http.route': '/api/products/{id}' },
      place: {
        namespace: 'search-dev',
        pod: 'search-api-abc',
        environment: 'dev',
      },
    },
    {
      spanId: 'hop',
      parentSpanId: 'own',
      service: 'checkout-api',
      start: t0 + 20_000,
      duration: 10_000,
      opaque: true,
    },
  ],
};

const render = (url = '/') => {
  const getTraces = jest.fn().mockResolvedValue({ traces: [summary] });
  const getTrace = jest.fn().mockResolvedValue(trace);
  return {
    getTraces,
    getTrace,
    ...renderCard(
      <>
        <TracesCard environments={['dev', 'production']} />
        <Location />
      </>,
      { getTraces, getTrace },
      entity,
      url,
    ),
  };
};

describe('TracesCard', () => {
  it('lists traces with where they failed, and asks again for failed ones only', async () => {
    const { getTraces } = render();
    expect(
      await screen.findByText(
        /Failed in search-api SELECT products: deadlock detected/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('storefront → search-api → checkout-api'),
    ).toBeInTheDocument();
    expect(getTraces).toHaveBeenLastCalledWith(expect.anything(), {
      range: '1h',
      status: 'all',
      limit: 50,
    });
    fireEvent.mouseDown(screen.getByRole('button', { name: /All traces/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Failed only' }));
    await waitFor(() =>
      expect(getTraces).toHaveBeenLastCalledWith(expect.anything(), {
        range: '1h',
        status: 'error',
        limit: 50,
      }),
    );
    expect(screen.getByTestId('search')).toHaveTextContent('traces=error');
  });

  it('asks for the minute around a moment picked on a chart', async () => {
    const { getTraces } = render('/?at=1764900000&traces=error');
    await screen.findByText(/Failed in search-api/);
    expect(getTraces).toHaveBeenLastCalledWith(expect.anything(), {
      start: 1764900000 - 60,
      end: 1764900000 + 60,
      status: 'error',
      limit: 50,
    });
  });

  it('opens a trace as a waterfall: own spans in full, other teams’ as opaque hops', async () => {
    const { getTrace } = render();
    fireEvent.click(
      await screen.findByRole('button', {
        name: `Open trace ${traceId} (GET /api/products/{id})`,
      }),
    );
    const waterfall = await screen.findByTestId('paved-trace-waterfall');
    expect(getTrace).toHaveBeenCalledWith(expect.anything(), traceId, {});
    expect(screen.getByTestId('search')).toHaveTextContent(`trace=${traceId}`);
    const opaque = within(waterfall).getAllByTestId('paved-span-opaque');
    expect(opaque.map(o => o.getAttribute('data-service'))).toEqual([
      'storefront',
      'checkout-api',
    ]);
    for (const hop of opaque) {
      expect(hop).toHaveTextContent('opaque hop');
      expect(within(hop).queryByRole('button')).toBeNull();
    }
    // the call tree's order: root, its child, the child's child
    expect(
      within(waterfall)
        .getAllByRole('listitem')
        .map(li => li.getAttribute('data-service')),
    ).toEqual(['storefront', 'search-api', 'checkout-api']);
    expect(within(waterfall).getByText('40 ms')).toBeInTheDocument();
  });

  it('goes from a span to the logs of its pod around that moment', async () => {
    render(`/?trace=${traceId}`);
    const row = (await screen.findAllByTestId('paved-span')).find(
      li => li.getAttribute('data-service') === 'search-api',
    )!;
    const own = within(row).getByRole('button');
    expect(own).toHaveAccessibleName(
      /search-api GET \/api\/products\/\{id\}\s*failed\s*40 ms/,
    );
    fireEvent.click(own);
    const details = await screen.findByTestId('paved-span-details');
    expect(details).toHaveTextContent('Failed: deadlock detected');
    expect(details).toHaveTextContent('http.route');
    fireEvent.click(
      within(details).getByRole('button', {
        name: 'Logs of search-api-abc around this moment',
      }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('search')).toHaveTextContent('section=logs'),
    );
    const search = new URLSearchParams(
      screen.getByTestId('search').textContent ?? '',
    );
    expect(search.get('at')).toBe(String(Math.floor((t0 + 1_000) / 1e6)));
    expect(search.get('fields')).toBe('pod=search-api-abc');
    expect(search.get('env')).toBe('dev');
  });

  it('says why when the traces are not the user’s to see', async () => {
    const error = Object.assign(
      new Error(
        'You may not view the traces of component:default/search-api (paved.entity.traces.read)',
      ),
      { statusCode: 403 },
    );
    renderCard(
      <TracesCard environments={['dev']} />,
      { getTraces: jest.fn().mockRejectedValue(error) },
      entity,
    );
    expect(
      await screen.findByText(/paved\.entity\.traces\.read/),
    ).toBeInTheDocument();
  });

  it('says when there are none in the window', async () => {
    renderCard(
      <TracesCard environments={['dev']} />,
      { getTraces: jest.fn().mockResolvedValue({ traces: [] }) },
      entity,
    );
    expect(await screen.findByTestId('paved-traces-empty')).toHaveTextContent(
      'No traces through this service in the last hour.',
    );
  });
});
