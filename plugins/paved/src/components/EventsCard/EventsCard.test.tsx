import { screen } from '@testing-library/react';
import { PavedApi } from '../../api/PavedApi';
import { EventsCard } from './EventsCard';
import { renderCard } from '../__testUtils__/renderCard';

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

function render(api: Partial<PavedApi>, url?: string) {
  return renderCard(<EventsCard />, api, entity, url);
}

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

const event = (reason: string, lastSeen: string) => ({
  type: 'Warning',
  reason,
  message: `${reason} happened`,
  object: { kind: 'Pod', name: 'checkout-api-1' },
  count: 1,
  lastSeen,
  ...where,
});

describe('EventsCard', () => {
  it('lists the events the backend returns', async () => {
    await render({
      getEvents: async () => ({
        events: [
          {
            type: 'Warning',
            reason: 'FailedScheduling',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
            object: { kind: 'Pod', name: 'checkout-api-1' },
            count: 4,
            lastSeen: minutesAgo(5),
            ...where,
          },
        ],
        total: 1,
      }),
    });
    expect(await screen.findByText('FailedScheduling')).toBeInTheDocument();
    expect(screen.getByText('Pod checkout-api-1')).toBeInTheDocument();
    expect(screen.getByText(/Insufficient cpu/)).toBeInTheDocument();
    expect(screen.queryByText(/most important of/)).not.toBeInTheDocument();
  });

  it('shows a workload\u2019s routine events as one row, and says when the list was cut', async () => {
    await render({
      getEvents: async () => ({
        events: [
          {
            type: 'Normal',
            reason: 'Scheduled',
            message:
              'Successfully assigned checkout-dev/checkout-api-7 to kwok-1',
            object: { kind: 'Pod', name: 'checkout-api-7' },
            count: 20,
            lastSeen: minutesAgo(5),
            objects: 20,
            workload: 'checkout-api',
            ...where,
          },
        ],
        total: 140,
      }),
    });
    expect(
      await screen.findByText('20 Pods of checkout-api'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 in the last hour, of the 1 most important of 140'),
    ).toBeInTheDocument();
  });

  it("shows the events of the tab's range, and of the minute around a picked moment", async () => {
    const getEvents = async () => ({
      events: [
        event('BackOff', minutesAgo(5)),
        event('Unhealthy', minutesAgo(50)),
        event('Pulled', minutesAgo(120)),
      ],
      total: 3,
    });
    const { unmount } = await render({ getEvents }, '/?range=15m');
    expect(await screen.findByText('BackOff')).toBeInTheDocument();
    expect(screen.queryByText('Unhealthy')).not.toBeInTheDocument();
    expect(screen.getByText('1 in the last 15 minutes')).toBeInTheDocument();
    unmount();

    const at = Math.floor(Date.now() / 1000) - 50 * 60;
    await render({ getEvents }, `/?at=${at}`);
    expect(await screen.findByText('Unhealthy')).toBeInTheDocument();
    expect(screen.queryByText('BackOff')).not.toBeInTheDocument();
    expect(screen.queryByText('Pulled')).not.toBeInTheDocument();
  });

  it('shows a linked event first and marks it, even outside the range', async () => {
    await render(
      {
        getEvents: async () => ({
          events: [
            event('BackOff', minutesAgo(5)),
            event('Pulled', minutesAgo(120)),
          ],
          total: 2,
        }),
      },
      `/?event=${encodeURIComponent(
        'local/checkout-dev/Pod/checkout-api-1/Pulled',
      )}`,
    );
    const marked = await screen.findByTestId('paved-event-highlighted');
    expect(marked).toHaveAttribute('aria-current', 'true');
    expect(marked.closest('tr')).toHaveTextContent('Pulled');
    expect(
      screen.getAllByRole('button', { name: 'Copy link to this event' }),
    ).toHaveLength(2);
  });
});
