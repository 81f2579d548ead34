import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityPlatformOverview } from '@paved/plugin-paved-common';
import { PavedApi } from '../../api/PavedApi';
import { PlatformPageView } from '../../api/platformPage';
import { useEntityDiagnoses } from '../../hooks/useEntityDiagnoses';
import { renderCard } from '../__testUtils__/renderCard';
import { EventsCard } from '../EventsCard';
import { MetricsCard } from '../MetricsCard';
import { TimeRangePicker, usePlatformView } from '../PlatformView';
import { TroubleshootingCard } from '../TroubleshootingCard';
import { PlatformPageProvider } from './PlatformPageProvider';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'group:default/team-checkout' },
};
const ref = { kind: 'Component', namespace: 'default', name: 'checkout-api' };
const where = {
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
};
const overview: EntityPlatformOverview = {
  entityRef: 'component:default/checkout-api',
  clusters: [{ name: 'local', reachable: true }],
  environments: [],
  workloads: [],
  gaps: [],
};

/** The first request's answer: a crash loop, one event, one pod's usage and an hour of request rate. */
const page: PlatformPageView = {
  overview,
  diagnoses: {
    value: {
      diagnoses: [
        {
          ...where,
          kind: 'crash-loop',
          object: { kind: 'Pod', name: 'checkout-api-1' },
          cause: 'The container exits with code 1 right after it starts',
          fix: 'Read its last lines',
        },
      ],
    },
  },
  events: {
    value: {
      events: [
        {
          ...where,
          type: 'Warning',
          reason: 'BackOff',
          message: 'Back-off restarting failed container',
          object: { kind: 'Pod', name: 'checkout-api-1' },
          count: 4,
          lastSeen: new Date(Date.now() - 60_000).toISOString(),
        },
      ],
      total: 1,
    },
  },
  currentMetrics: {
    value: {
      pods: [
        {
          ...where,
          pod: 'checkout-api-1',
          cpuMillicores: 120,
          memoryBytes: 300 * 1024 ** 2,
        },
      ],
    },
  },
  goldenSignals: {
    value: {
      series: [{ ...where, signal: 'requestRate', points: [[1, 12.5]] }],
    },
  },
};

/** An API whose per-card reads are recorded (and answer something else than the first request). */
function api(overrides: Partial<PavedApi> = {}) {
  return {
    getPlatformPage: jest.fn().mockResolvedValue(page),
    getOverview: jest.fn().mockResolvedValue(overview),
    getDiagnoses: jest.fn().mockResolvedValue({ diagnoses: [] }),
    getEvents: jest.fn().mockResolvedValue({ events: [], total: 0 }),
    getCurrentMetrics: jest.fn().mockResolvedValue({ pods: [] }),
    getGoldenSignals: jest.fn().mockResolvedValue({
      series: [{ ...where, signal: 'requestRate', points: [[1, 99]] }],
    }),
    ...overrides,
  };
}

const cards = (
  <PlatformPageProvider>
    <TroubleshootingCard />
    <MetricsCard />
    <EventsCard />
  </PlatformPageProvider>
);

describe('PlatformPageProvider', () => {
  it('paints the cards from one request, without their own reads', async () => {
    const paved = api();
    await renderCard(cards, paved, entity);
    expect(
      await screen.findByText(
        'The container exits with code 1 right after it starts',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Back-off restarting failed container'),
    ).toBeInTheDocument();
    expect(screen.getByText('checkout-api-1')).toBeInTheDocument();
    expect(screen.getByText(/dev 12\.50\/s/)).toBeInTheDocument();
    expect(paved.getPlatformPage).toHaveBeenCalledTimes(1);
    expect(paved.getPlatformPage).toHaveBeenCalledWith(ref, undefined);
    for (const own of [
      paved.getDiagnoses,
      paved.getEvents,
      paved.getCurrentMetrics,
      paved.getGoldenSignals,
      paved.getOverview,
    ]) {
      expect(own).not.toHaveBeenCalled();
    }
  });

  it('shows a part the user may not read as its refusal, without asking its route', async () => {
    const paved = api({
      getPlatformPage: jest.fn().mockResolvedValue({
        ...page,
        events: {
          omitted: {
            reason: 'not-allowed',
            status: 403,
            name: 'NotAllowedError',
            message:
              'You may not view the events of component:default/checkout-api (paved.entity.events.read)',
          },
        },
      }),
    });
    await renderCard(cards, paved, entity);
    expect(
      await screen.findByText(
        'You may not view the events of component:default/checkout-api (paved.entity.events.read)',
      ),
    ).toBeInTheDocument();
    expect(paved.getEvents).not.toHaveBeenCalled();
  });

  it('reads a card\u2019s own route when the user asks for another range', async () => {
    const paved = api();
    const RangeControl = () => {
      const [view, setView] = usePlatformView();
      return <TimeRangePicker view={view} onChange={setView} />;
    };
    await renderCard(
      <>
        <RangeControl />
        {cards}
      </>,
      paved,
      entity,
    );
    expect(await screen.findByText(/dev 12\.50\/s/)).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Range 6 h' }));
    expect(await screen.findByText(/dev 99\.00\/s/)).toBeInTheDocument();
    expect(paved.getGoldenSignals).toHaveBeenCalledTimes(1);
    expect(paved.getGoldenSignals).toHaveBeenCalledWith(ref, { range: '6h' });
    expect(paved.getCurrentMetrics).not.toHaveBeenCalled();
  });

  it('reads again on retry, the user\u2019s action', async () => {
    const paved = api();
    const Probe = () => {
      const { value, retry } = useEntityDiagnoses();
      return (
        <button onClick={retry}>
          {value ? `${value.diagnoses.length} diagnoses` : 'loading'}
        </button>
      );
    };
    await renderCard(
      <PlatformPageProvider>
        <Probe />
      </PlatformPageProvider>,
      paved,
      entity,
    );
    fireEvent.click(await screen.findByText('1 diagnoses'));
    expect(await screen.findByText('0 diagnoses')).toBeInTheDocument();
    expect(paved.getDiagnoses).toHaveBeenCalledTimes(1);
  });

  it('asks only for the parts of the cards painted first; the others read their own', async () => {
    const { diagnoses } = page;
    const paved = api({
      getPlatformPage: jest.fn().mockResolvedValue({ overview, diagnoses }),
    });
    await renderCard(
      <PlatformPageProvider parts={['diagnoses']}>
        <TroubleshootingCard />
        <EventsCard />
      </PlatformPageProvider>,
      paved,
      entity,
    );
    expect(
      await screen.findByText(
        'The container exits with code 1 right after it starts',
      ),
    ).toBeInTheDocument();
    expect(paved.getPlatformPage).toHaveBeenCalledWith(ref, ['diagnoses']);
    await waitFor(() =>
      expect(paved.getEvents).toHaveBeenCalledWith(ref, {
        environment: undefined,
      }),
    );
    expect(paved.getDiagnoses).not.toHaveBeenCalled();
  });

  it('leaves every card to its own read when the API has no getPlatformPage', async () => {
    const { getPlatformPage: _none, ...paved } = api();
    await renderCard(cards, paved, entity);
    await waitFor(() => expect(paved.getEvents).toHaveBeenCalled());
    expect(paved.getDiagnoses).toHaveBeenCalledTimes(1);
    expect(paved.getCurrentMetrics).toHaveBeenCalledTimes(1);
    expect(paved.getGoldenSignals).toHaveBeenCalledWith(ref, { range: '1h' });
    expect(paved.getOverview).toHaveBeenCalledTimes(1);
  });
});
