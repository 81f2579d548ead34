import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { EventsCard } from './EventsCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
};

describe('EventsCard', () => {
  it('lists the events the backend returns', async () => {
    const api: Partial<PavedApi> = {
      getEvents: async () => ({
        events: [
          {
            type: 'Warning',
            reason: 'FailedScheduling',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
            object: { kind: 'Pod', name: 'checkout-api-1' },
            count: 4,
            lastSeen: '2026-11-21T10:00:00Z',
            cluster: 'local',
            namespace: 'checkout-dev',
            environment: 'dev',
          },
        ],
      }),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[pavedApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EventsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('FailedScheduling')).toBeInTheDocument();
    expect(screen.getByText('Pod checkout-api-1')).toBeInTheDocument();
    expect(screen.getByText(/Insufficient cpu/)).toBeInTheDocument();
  });
});
