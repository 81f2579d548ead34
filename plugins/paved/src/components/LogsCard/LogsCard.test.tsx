import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityLogLine, PavedApi, pavedApiRef } from '../../api/PavedApi';
import { PavedClient } from '../../api/PavedClient';
import { LogsCard } from './LogsCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
};

const line = (text: string): EntityLogLine => ({
  time: '2026-11-21T10:00:00Z',
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
  pod: 'checkout-api-1',
  container: 'app',
  text,
});

function render(api: Partial<PavedApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <EntityProvider entity={entity}>
        <LogsCard environments={['dev', 'production']} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('LogsCard', () => {
  it('shows the last lines and appends followed ones while Follow is on', async () => {
    let push: ((l: EntityLogLine) => void) | undefined;
    let aborted = false;
    const api: Partial<PavedApi> = {
      getLogs: jest.fn().mockResolvedValue({ lines: [line('GET /cart 200')] }),
      followLogs: jest.fn(async (_e, _q, onLine, signal) => {
        push = onLine;
        signal.addEventListener('abort', () => {
          aborted = true;
        });
      }),
    };
    await render(api);
    expect(await screen.findByTestId('paved-logs-latest')).toHaveTextContent(
      '1 line(s); latest: 10:00:00 dev/checkout-api-1 GET /cart 200',
    );
    expect(api.followLogs).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    await waitFor(() => expect(push).toBeDefined());
    act(() => push!(line('POST /checkout 201')));
    await waitFor(() =>
      expect(screen.getByTestId('paved-logs-latest')).toHaveTextContent(
        '2 line(s), following; latest: 10:00:00 dev/checkout-api-1 POST /checkout 201',
      ),
    );

    fireEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    await waitFor(() => expect(aborted).toBe(true));
  });

  it('passes the search to the backend', async () => {
    const getLogs = jest.fn().mockResolvedValue({ lines: [] });
    await render({ getLogs, followLogs: jest.fn() });
    expect(await screen.findByText('No log lines')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: 'Search logs' }), {
      target: { value: 'timeout' },
    });
    await waitFor(() =>
      expect(getLogs).toHaveBeenLastCalledWith(
        { kind: 'Component', namespace: 'default', name: 'checkout-api' },
        { environment: undefined, search: 'timeout', tail: 30 },
      ),
    );
  });

  it('offers older lines when the answer was full, and shows the backend’s notice', async () => {
    const getLogs = jest.fn(async (_e, query) => ({
      lines: Array.from({ length: query.tail }, (_, i) => line(`line ${i}`)),
      notice:
        '75 containers match; showing the logs of 60 of them (pods in trouble first, then the newest). Choose an environment or a pod to see the others.',
    }));
    await render({ getLogs, followLogs: jest.fn() });
    expect(await screen.findByTestId('paved-logs-notice')).toHaveTextContent(
      '75 containers match',
    );
    expect(getLogs).toHaveBeenLastCalledWith(expect.anything(), {
      environment: undefined,
      search: undefined,
      tail: 30,
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Load older lines' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('paved-logs-latest')).toHaveTextContent(
        '120 line(s)',
      ),
    );
    expect(getLogs).toHaveBeenLastCalledWith(expect.anything(), {
      environment: undefined,
      search: undefined,
      tail: 120,
    });
  });

  it('reads the backend’s compact answer through the client: each container once, lines by index', async () => {
    const body = {
      sources: [
        {
          cluster: 'local',
          namespace: 'checkout-production',
          environment: 'production',
          pod: 'checkout-api-2',
          container: 'app',
        },
        {
          cluster: 'local',
          namespace: 'checkout-dev',
          environment: 'dev',
          pod: 'checkout-api-1',
          container: 'app',
        },
      ],
      lines: [
        { t: '2026-11-21T10:00:00.1Z', s: 0, text: 'GET /cart 200' },
        { t: '2026-11-21T10:00:01.2Z', s: 1, text: 'POST /checkout 201' },
      ],
    };
    const fetch = jest.fn(
      async (_url: RequestInfo | URL, _init?: RequestInit) =>
        new Response(JSON.stringify(body)),
    );
    const client = new PavedClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/paved' },
      fetchApi: { fetch },
    });
    await render(client);
    expect(await screen.findByTestId('paved-logs-latest')).toHaveTextContent(
      '2 line(s); latest: 10:00:01 dev/checkout-api-1 POST /checkout 201',
    );
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      'http://backend/api/paved/entities/default/Component/checkout-api/logs?tail=30',
    ]);
    expect(
      await client.getLogs(
        { kind: 'Component', namespace: 'default', name: 'checkout-api' },
        { tail: 30 },
      ),
    ).toEqual({
      lines: [
        { ...body.sources[0], time: body.lines[0].t, text: 'GET /cart 200' },
        {
          ...body.sources[1],
          time: body.lines[1].t,
          text: 'POST /checkout 201',
        },
      ],
    });
  });
});
