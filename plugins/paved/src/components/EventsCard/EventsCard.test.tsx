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

function render(api: Partial<PavedApi>) {
  return renderCard(<EventsCard />, api, entity);
}

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
            lastSeen: '2026-11-21T10:00:00Z',
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
            lastSeen: '2026-11-21T10:00:00Z',
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
    expect(screen.getByText('The 1 most important of 140')).toBeInTheDocument();
  });
});
