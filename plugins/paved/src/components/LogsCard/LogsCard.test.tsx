import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityLogLine, PavedApi, pavedApiRef } from '../../api/PavedApi';
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
        { environment: undefined, search: 'timeout', tail: 300 },
      ),
    );
  });
});
