import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityLogLine,
  LogSourceChange,
  PavedApi,
  pavedApiRef,
} from '../../api/PavedApi';
import { PavedClient } from '../../api/PavedClient';
import { logLineId } from '../PlatformView';
import { LogsCard } from './LogsCard';
import { useLocation } from 'react-router-dom';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
};

/** 2026-11-21 10:00:`second` in the browser's time zone, as the API server writes it. */
const at = (second: number) =>
  new Date(2026, 10, 21, 10, 0, second).toISOString();

const line = (text: string, second = 0): EntityLogLine => ({
  time: at(second),
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
  pod: 'checkout-api-1',
  container: 'app',
  text,
});

const alerts = { post: jest.fn(), alert$: jest.fn() };

function render(api: Partial<PavedApi>, url = '/') {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pavedApiRef, api],
        [alertApiRef, alerts],
      ]}
    >
      <EntityProvider entity={entity}>
        <LogsCard environments={['dev', 'production']} />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}

/** Unix seconds now, give or take the test's run time. */
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('LogsCard', () => {
  it("says, while following, which container's stream failed and when it is tried again, until it is back", async () => {
    let change: ((c: LogSourceChange) => void) | undefined;
    const api: Partial<PavedApi> = {
      getLogs: jest.fn().mockResolvedValue({ lines: [line('GET /cart 200')] }),
      followLogs: jest.fn(async (_e, _q, _onLine, _signal, onSource) => {
        change = onSource;
      }),
    };
    await render(api);
    await screen.findByTestId('paved-logs-latest');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    await waitFor(() => expect(change).toBeDefined());
    const { time: _time, text: _text, ...app } = line('');
    const sidecar = { ...app, container: 'proxy' };
    act(() => {
      change!({
        s: 0,
        state: 'retrying',
        message: 'container "app" is waiting to start',
        retryInSeconds: 2,
        source: app,
      });
      change!({
        s: 1,
        state: 'stopped',
        message: 'pods "checkout-api-1" not found',
        source: sidecar,
      });
    });
    const notices = await screen.findAllByTestId('paved-logs-follow-notice');
    expect(notices.map(n => n.textContent)).toEqual([
      'Not following checkout-api-1/app (dev) right now: container "app" is waiting to start. Trying again in 2 s; the other containers go on.',
      'Stopped following checkout-api-1/proxy (dev): pods "checkout-api-1" not found. The other containers go on.',
    ]);
    act(() => change!({ s: 0, state: 'following', source: app }));
    await waitFor(() =>
      expect(
        screen
          .getAllByTestId('paved-logs-follow-notice')
          .map(n => n.textContent),
      ).toEqual([
        'Stopped following checkout-api-1/proxy (dev): pods "checkout-api-1" not found. The other containers go on.',
      ]),
    );
    // following ends: so do its notices
    fireEvent.click(screen.getByRole('checkbox', { name: 'Follow' }));
    await waitFor(() =>
      expect(screen.queryByTestId('paved-logs-follow-notice')).toBeNull(),
    );
  });

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
    // the window's start bounds the first read; a follow streams what is written from now on
    expect(api.getLogs).toHaveBeenLastCalledWith(expect.anything(), {
      environment: undefined,
      search: undefined,
      tail: 30,
      since: expect.any(Number),
    });
    expect(api.followLogs).toHaveBeenCalledWith(
      expect.anything(),
      { environment: undefined, search: undefined, tail: 30 },
      expect.any(Function),
      expect.anything(),
      expect.any(Function),
    );
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
        {
          environment: undefined,
          search: 'timeout',
          tail: 30,
          since: expect.any(Number),
        },
      ),
    );
    // a preset range ends now: only its start is sent
    const since = getLogs.mock.lastCall[1].since;
    expect(Math.abs(since - (nowSeconds() - 3600))).toBeLessThan(30);
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
      since: expect.any(Number),
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
      since: expect.any(Number),
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
        { t: at(0), s: 0, text: 'GET /cart 200' },
        { t: at(1), s: 1, text: 'POST /checkout 201' },
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
      expect.stringMatching(
        /^http:\/\/backend\/api\/paved\/entities\/default\/Component\/checkout-api\/logs\?tail=30&since=\d{10}$/,
      ),
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

  describe('reading structured lines', () => {
    const request = (
      second: number,
      level: string,
      status: number,
      requestId: string,
    ) =>
      line(
        JSON.stringify({
          time: at(second),
          level,
          msg: `GET /api/cart ${status}`,
          service: 'checkout-api',
          pod: 'checkout-api-1',
          method: 'GET',
          path: '/api/cart',
          status,
          duration_ms: 10 + second,
          request_id: requestId,
        }),
        second,
      );
    const lines = [
      request(1, 'INFO', 200, 'r-1'),
      request(2, 'ERROR', 503, 'r-2'),
      request(3, 'warning', 429, 'r-3'),
      line('plain text, as it is', 4),
      request(5, 'error', 500, 'r-5'),
    ];
    const api = () => ({
      getLogs: jest.fn().mockResolvedValue({ lines }),
      followLogs: jest.fn(),
    });
    const rows = () => screen.getAllByTestId('paved-log-line');
    const caption = () => screen.getByTestId('paved-logs-latest');

    it('shows each line’s level, message and key fields, and plain lines as they are', async () => {
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      expect(rows().map(r => r.getAttribute('data-level'))).toEqual([
        'INFO',
        'ERROR',
        'WARN',
        'OTHER',
        'ERROR',
      ]);
      const error = within(rows()[1]).getByRole('button', { expanded: false });
      expect(error).toHaveTextContent(
        '10:00:02ERRORdev/checkout-api-1GET /api/cart 503 duration_ms=12 request_id=r-2',
      );
      expect(rows()[3]).toHaveTextContent('plain text, as it is');
      expect(caption()).toHaveTextContent(
        '5 line(s); latest: 10:00:05 dev/checkout-api-1 GET /api/cart 500',
      );
    });

    it('filters by level, from the toggles and from the URL', async () => {
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      const errors = screen.getByRole('button', { name: /^ERROR \d+ lines$/ });
      expect(errors).toHaveAttribute('aria-pressed', 'false');
      expect(errors).toHaveTextContent('ERROR 2');
      fireEvent.click(errors);
      await waitFor(() => expect(rows()).toHaveLength(2));
      expect(errors).toHaveAttribute('aria-pressed', 'true');
      expect(rows().map(r => r.getAttribute('data-level'))).toEqual([
        'ERROR',
        'ERROR',
      ]);
      expect(caption()).toHaveTextContent(
        '2 of 5 line(s); latest: 10:00:05 dev/checkout-api-1 GET /api/cart 500',
      );
      fireEvent.click(screen.getByRole('button', { name: /^WARN \d+ lines$/ }));
      await waitFor(() => expect(rows()).toHaveLength(3));
    });

    it('reads the level filter from the URL', async () => {
      await render(api(), '/?level=WARN,OTHER');
      await screen.findByRole('region', { name: 'Log lines' });
      expect(rows().map(r => r.getAttribute('data-level'))).toEqual([
        'WARN',
        'OTHER',
      ]);
    });

    it('narrows to one request with a field filter, typed or from the URL', async () => {
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      fireEvent.change(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
        { target: { value: 'request_id=r-3' } },
      );
      await waitFor(() => expect(rows()).toHaveLength(1));
      expect(rows()[0]).toHaveTextContent('GET /api/cart 429');
      expect(caption()).toHaveTextContent('1 of 5 line(s)');
      // an exact value: a prefix does not match
      fireEvent.change(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
        { target: { value: 'request_id=r-' } },
      );
      await waitFor(() =>
        expect(screen.getByText('No line matches the filters.')).toBeVisible(),
      );
      fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
      await waitFor(() => expect(rows()).toHaveLength(5));
    });

    it('reads the field filter from the URL, with the level filter', async () => {
      await render(api(), '/?fields=status%3D503&level=ERROR');
      await screen.findByRole('region', { name: 'Log lines' });
      expect(rows()).toHaveLength(1);
      expect(rows()[0]).toHaveTextContent('request_id=r-2');
      expect(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
      ).toHaveValue('status=503');
    });

    it('says what is wrong with a malformed field filter, keeping the terms before it', async () => {
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      fireEvent.change(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
        { target: { value: 'level=error status=' } },
      );
      expect(
        await screen.findByText('status= needs a value, e.g. status=503'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
      ).toHaveAttribute('aria-invalid', 'true');
      await waitFor(() => expect(rows()).toHaveLength(2));
    });

    it('opens a line to all of its fields and its raw text, with the mouse or the keyboard', async () => {
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      expect(screen.queryByTestId('paved-log-line-details')).toBeNull();
      const summary = within(rows()[1]).getByRole('button', {
        expanded: false,
      });
      fireEvent.click(summary);
      const details = within(rows()[1]).getByTestId('paved-log-line-details');
      for (const [key, value] of [
        ['message', 'GET /api/cart 503'],
        ['level', 'ERROR'],
        ['status', '503'],
        ['duration_ms', '12'],
        ['request_id', 'r-2'],
        ['service', 'checkout-api'],
        ['received', at(2)],
      ]) {
        const term = within(details).getByText(key, { selector: 'dt' });
        expect(term.nextElementSibling).toHaveTextContent(value);
      }
      expect(within(details).getByText(lines[1].text)).toBeInTheDocument();
      expect(summary).toHaveAttribute('aria-expanded', 'true');

      // a field's filter button adds it to the field filter
      fireEvent.click(
        within(details).getByRole('button', {
          name: 'Show only lines with request_id=r-2',
        }),
      );
      await waitFor(() => expect(rows()).toHaveLength(1));
      expect(
        screen.getByRole('textbox', { name: 'Filter by fields' }),
      ).toHaveValue('request_id=r-2');

      // Enter and Space toggle the row
      fireEvent.keyDown(summary, { key: 'Enter' });
      expect(screen.queryByTestId('paved-log-line-details')).toBeNull();
      fireEvent.keyDown(summary, { key: ' ' });
      expect(screen.getByTestId('paved-log-line-details')).toBeInTheDocument();
    });

    it('highlights, opens and scrolls to the line a link points at', async () => {
      const scrollIntoView = jest.fn();
      Element.prototype.scrollIntoView = scrollIntoView;
      try {
        const logs = api();
        const id = logLineId(lines[2]);
        await render(logs, `/?line=${encodeURIComponent(id)}`);
        const highlighted = await screen.findByTestId(
          'paved-log-line-highlighted',
        );
        expect(highlighted).toHaveTextContent('GET /api/cart 429');
        expect(highlighted.closest('li')).toHaveAttribute(
          'aria-current',
          'true',
        );
        expect(highlighted.closest('li')).toBe(rows()[2]);
        expect(
          screen.getAllByTestId('paved-log-line-highlighted'),
        ).toHaveLength(1);
        expect(rows()[1]).not.toHaveAttribute('aria-current');
        expect(
          within(rows()[2]).getByTestId('paved-log-line-details'),
        ).toBeInTheDocument();
        expect(scrollIntoView).toHaveBeenCalledTimes(1);
        expect(scrollIntoView.mock.instances[0]).toBe(rows()[2]);
        // a linked line asks for more lines, so that a busy minute still holds it
        expect(logs.getLogs).toHaveBeenLastCalledWith(
          expect.anything(),
          expect.objectContaining({ tail: 500 }),
        );
      } finally {
        delete (Element.prototype as Partial<Element>).scrollIntoView;
      }
    });

    it('says when the linked line is hidden by the filters', async () => {
      const id = logLineId(lines[2]);
      await render(api(), `/?line=${encodeURIComponent(id)}&level=ERROR`);
      expect(await screen.findByTestId('paved-logs-linked')).toHaveTextContent(
        'The linked line is hidden by the level or field filter.',
      );
      expect(screen.queryByTestId('paved-log-line-highlighted')).toBeNull();
    });

    it('copies a link to a line: the page with the line and its moment', async () => {
      const writeText = jest.fn().mockResolvedValue(undefined);
      Object.defineProperty(navigator, 'clipboard', {
        value: { writeText },
        configurable: true,
      });
      await render(api());
      await screen.findByRole('region', { name: 'Log lines' });
      fireEvent.click(
        within(rows()[1]).getByRole('button', {
          name: 'Copy link to this line',
        }),
      );
      await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
      const link = new URL(writeText.mock.calls[0][0]);
      expect(link.searchParams.get('line')).toBe(logLineId(lines[1]));
      expect(link.searchParams.get('at')).toBe(
        String(Math.floor(Date.parse(at(2)) / 1000)),
      );
      await waitFor(() =>
        expect(alerts.post).toHaveBeenCalledWith(
          expect.objectContaining({ severity: 'success' }),
        ),
      );
    });

    it('downloads exactly the lines shown, as written', async () => {
      let blob: Blob | undefined;
      const createObjectURL = jest.fn((b: Blob) => {
        blob = b;
        return 'blob:logs';
      });
      const revokeObjectURL = jest.fn();
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function checkLink(this: HTMLAnchorElement) {
          expect(this.download).toBe('checkout-api-logs.txt');
          expect(this.href).toBe('blob:logs');
        });
      try {
        await render(api(), '/?level=ERROR,OTHER');
        await screen.findByRole('region', { name: 'Log lines' });
        fireEvent.change(
          screen.getByRole('textbox', { name: 'Filter by fields' }),
          { target: { value: 'GET' } },
        );
        await waitFor(() => expect(rows()).toHaveLength(2));
        fireEvent.click(
          screen.getByRole('button', { name: 'Download 2 shown line(s)' }),
        );
        expect(click).toHaveBeenCalledTimes(1);
        expect(await blob!.text()).toBe(`${lines[1].text}\n${lines[4].text}\n`);
        await waitFor(() =>
          expect(revokeObjectURL).toHaveBeenCalledWith('blob:logs'),
        );
      } finally {
        click.mockRestore();
      }
    });
  });

  describe('the time window', () => {
    const empty = () => ({
      getLogs: jest.fn().mockResolvedValue({ lines: [line('GET /cart 200')] }),
      followLogs: jest.fn(),
    });

    it('reads a custom range between its start and end, without Follow', async () => {
      const from = nowSeconds() - 7200;
      const to = nowSeconds() - 3600;
      const logs = empty();
      await render(logs, `/?range=custom&from=${from}&to=${to}`);
      await screen.findByTestId('paved-logs-latest');
      expect(logs.getLogs).toHaveBeenCalledTimes(1);
      expect(logs.getLogs).toHaveBeenLastCalledWith(expect.anything(), {
        environment: undefined,
        search: undefined,
        tail: 30,
        since: from,
        until: to,
      });
      expect(screen.getByTestId('paved-logs-window')).toHaveTextContent(
        /^Lines from .+ – .+$/,
      );
      expect(screen.getByRole('checkbox', { name: 'Follow' })).toBeDisabled();
    });

    it('reads the minute around a moment, and goes back to the whole range', async () => {
      const moment = nowSeconds() - 600;
      const logs = empty();
      await render(logs, `/?range=6h&at=${moment}&env=dev`);
      await screen.findByTestId('paved-logs-latest');
      expect(logs.getLogs).toHaveBeenCalledTimes(1);
      expect(logs.getLogs).toHaveBeenLastCalledWith(expect.anything(), {
        environment: 'dev',
        search: undefined,
        tail: 30,
        since: moment - 60,
        until: moment + 60,
      });
      expect(screen.getByTestId('paved-logs-window')).toHaveTextContent(
        /^Around .+ \(± 1 min\)$/,
      );
      expect(screen.getByRole('checkbox', { name: 'Follow' })).toBeDisabled();

      fireEvent.click(
        screen.getByRole('button', { name: 'Show the whole range' }),
      );
      await waitFor(() =>
        expect(screen.getByTestId('paved-logs-window')).toHaveTextContent(
          'Lines of the last 6 hours',
        ),
      );
      await waitFor(() => expect(logs.getLogs).toHaveBeenCalledTimes(2));
      const query = logs.getLogs.mock.lastCall[1];
      expect(query).not.toHaveProperty('until');
      expect(Math.abs(query.since - (nowSeconds() - 6 * 3600))).toBeLessThan(
        30,
      );
      expect(screen.getByRole('checkbox', { name: 'Follow' })).toBeEnabled();
      // the window is taken once: rendering again asks nothing more
      fireEvent.click(screen.getByRole('checkbox', { name: 'Wrap' }));
      await new Promise(r => setTimeout(r, 50));
      expect(logs.getLogs).toHaveBeenCalledTimes(2);
    });
  });
});

describe('LogsCard trace links', () => {
  const Location = () => (
    <output data-testid="search">{useLocation().search}</output>
  );

  it('opens the trace a line names, in the Traces section of the line’s environment', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            pavedApiRef,
            {
              getLogs: jest.fn().mockResolvedValue({
                lines: [
                  line(
                    JSON.stringify({
                      level: 'ERROR',
                      msg: 'POST /api/checkout 503',
                      trace_id: traceId,
                      span_id: '00f067aa0ba902b7',
                    }),
                    1,
                  ),
                  line(
                    '{"level":"INFO","msg":"ready","trace_id":"not-hex"}',
                    2,
                  ),
                ],
              }),
              followLogs: jest.fn(),
            },
          ],
          [alertApiRef, alerts],
        ]}
      >
        <EntityProvider entity={entity}>
          <LogsCard environments={['dev']} />
          <Location />
        </EntityProvider>
      </TestApiProvider>,
    );
    const buttons = await screen.findAllByTestId('paved-log-trace');
    // only the line with a real trace id gets the link
    expect(buttons).toHaveLength(1);
    fireEvent.click(
      screen.getByRole('button', { name: `Open trace ${traceId}` }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('search')).toHaveTextContent(
        `trace=${traceId}`,
      ),
    );
    const search = new URLSearchParams(
      screen.getByTestId('search').textContent ?? '',
    );
    expect(search.get('section')).toBe('traces');
    expect(search.get('env')).toBe('dev');
  });
});
