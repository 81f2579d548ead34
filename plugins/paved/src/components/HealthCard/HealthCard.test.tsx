import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useLocation } from 'react-router-dom';
import { EntityHealth } from '@paved/plugin-paved-common';
import { renderCard } from '../__testUtils__/renderCard';
import { HealthCard } from './HealthCard';
import { compare } from './compare';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
};

const Location = () => (
  <output data-testid="search">{useLocation().search}</output>
);

const health: EntityHealth = {
  window: { start: 1764900000, end: 1764903600 },
  environments: [
    {
      cluster: 'local',
      namespace: 'payments-dev',
      environment: 'dev',
      protected: false,
      rollout: 'failed',
      ready: 1,
      desired: 3,
      errorRatio: { now: 0.2, previous: 0.01 },
      p95Seconds: { now: 0.25, previous: 0.24 },
      diagnoses: 3,
      topDiagnosis: {
        kind: 'crash-loop',
        object: { kind: 'Pod', name: 'payments-api-1' },
        cause: 'exits with code 1',
      },
      lastChange: {
        actor: 'user:default/bob',
        at: new Date(Date.now() - 5 * 60_000).toISOString(),
        revision: 4,
      },
      monthToDateCost: { amount: 12.5, currency: 'USD' },
    },
    {
      cluster: 'local',
      namespace: 'payments-production',
      environment: 'production',
      protected: true,
      rollout: 'complete',
      ready: 2,
      desired: 2,
      diagnoses: 0,
    },
  ],
};

describe('HealthCard', () => {
  it('shows one line per environment with the crash loop, rates against the period before and the last change', async () => {
    const getHealth = jest.fn().mockResolvedValue(health);
    await renderCard(
      <>
        <HealthCard />
        <Location />
      </>,
      { getHealth },
      entity,
      '/?range=6h',
    );
    const rows = await screen.findAllByTestId('paved-health-row');
    expect(rows).toHaveLength(2);
    const dev = rows[0];
    expect(dev).toHaveTextContent('failed');
    expect(dev).toHaveTextContent('1/3');
    expect(dev).toHaveTextContent('20.0 % (was 1.00 %, worse)');
    expect(dev).toHaveTextContent('250 ms (was 240 ms, about the same)');
    expect(dev).toHaveTextContent('crash-loop: Pod payments-api-1 (+2 more)');
    expect(dev).toHaveTextContent('bob, 5 min ago (revision 4)');
    expect(rows[1]).toHaveTextContent('complete');
    expect(rows[1]).toHaveTextContent('protected');
    expect(getHealth).toHaveBeenCalledWith(expect.anything(), { range: '6h' });

    fireEvent.click(
      within(dev).getByRole('link', { name: /crash-loop: Pod payments-api-1/ }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('search')).toHaveTextContent(
        'diagnosis=dev%2FPod%2Fpayments-api-1%2Fcrash-loop',
      ),
    );
    expect(screen.getByTestId('search')).toHaveTextContent(
      'section=troubleshooting',
    );
  });

  it('names the parts that could not be read', async () => {
    await renderCard(
      <HealthCard />,
      {
        getHealth: async () => ({
          ...health,
          environments: [],
          notices: ['Prometheus of cluster local did not answer'],
        }),
      },
      entity,
    );
    expect(
      await screen.findByText('Prometheus of cluster local did not answer'),
    ).toBeInTheDocument();
  });
});

describe('compare', () => {
  const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
  it('says whether a value got worse, better or stayed about the same', () => {
    expect(compare({ now: 0.2, previous: 0.1 }, pct, 'higher-is-worse')).toBe(
      '20 % (was 10 %, worse)',
    );
    expect(compare({ now: 0.05, previous: 0.1 }, pct, 'higher-is-worse')).toBe(
      '5 % (was 10 %, better)',
    );
    expect(compare({ now: 0.105, previous: 0.1 }, pct, 'higher-is-worse')).toBe(
      '11 % (was 10 %, about the same)',
    );
    expect(compare({ now: 0.1, previous: null }, pct, 'higher-is-worse')).toBe(
      '10 %',
    );
    expect(compare({ now: null, previous: 0.1 }, pct, 'higher-is-worse')).toBe(
      '—',
    );
  });
});
