import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EnvironmentsCard, cloneLink } from './EnvironmentsCard';

const now = Date.parse('2026-11-21T12:00:00Z');
const preview = {
  cluster: 'local',
  namespace: 'checkout-preview-142',
  environment: 'preview-142',
  team: 'group:default/team-checkout',
  lifecycle: 'ephemeral' as const,
  protected: false,
  expiresAt: '2026-11-22T00:00:00Z',
};
const production = {
  ...preview,
  namespace: 'checkout-production',
  environment: 'production',
  lifecycle: 'persistent' as const,
  protected: true,
  expiresAt: undefined,
};

describe('EnvironmentsCard', () => {
  it('shows lifecycle, expiry, protection and the health of the entity\u2019s workloads', async () => {
    await renderInTestApp(
      <EnvironmentsCard
        now={now}
        environments={[preview, production]}
        workloads={[
          {
            cluster: 'local',
            namespace: 'checkout-production',
            environment: 'production',
            kind: 'Deployment',
            name: 'api',
            desired: 3,
            ready: 3,
          },
          {
            cluster: 'local',
            namespace: 'checkout-production',
            environment: 'production',
            kind: 'Deployment',
            name: 'worker',
            desired: 2,
            ready: 0,
          },
        ]}
      />,
    );
    expect(screen.getByText('expires in 12 h')).toBeInTheDocument();
    expect(screen.getByText('protected')).toBeInTheDocument();
    expect(screen.getByText('1/2 workload(s) ready')).toBeInTheDocument();
    expect(screen.getByText('no workloads of this entity')).toBeInTheDocument();
  });

  it('links a pull request’s preview to its pull request', async () => {
    await renderInTestApp(
      <EnvironmentsCard
        now={now}
        environments={[
          {
            ...preview,
            namespace: 'checkout-pr-7',
            environment: 'pr-7',
            pullRequest:
              'http://127.0.0.1:13300/team-checkout/orders-api/pulls/7',
          },
        ]}
      />,
    );
    expect(
      screen.getByRole('link', { name: /^preview of pull request #7/ }),
    ).toHaveAttribute(
      'href',
      'http://127.0.0.1:13300/team-checkout/orders-api/pulls/7',
    );
  });

  it('links Clone to the clone template pre-filled with the source', async () => {
    await renderInTestApp(
      <EnvironmentsCard now={now} environments={[production]} />,
    );
    const link = screen.getByRole('button', {
      name: 'Clone checkout-production',
    });
    const href = new URL(link.getAttribute('href')!, 'http://app');
    expect(href.pathname).toBe('/create/templates/default/clone-environment');
    expect(JSON.parse(href.searchParams.get('formData')!)).toEqual({
      cluster: 'local',
      source: 'checkout-production',
      team: 'group:default/team-checkout',
    });
    expect(cloneLink(production)).toBe(link.getAttribute('href'));
  });

  describe('delivery', () => {
    const A = 'a1b2c3d4e5'.padEnd(40, '0');
    const B = 'f6e5d4c3b2'.padEnd(40, '0');
    const dev = {
      ...production,
      namespace: 'checkout-dev',
      environment: 'dev',
      protected: false,
    };

    it("shows the commit a GitOps environment runs and Flux's state, and that the others are applied by Paved", async () => {
      await renderInTestApp(
        <EnvironmentsCard
          now={now}
          environments={[dev, production, preview]}
          delivery={{
            loading: false,
            value: {
              environments: [
                {
                  cluster: 'local',
                  namespace: 'checkout-dev',
                  environment: 'dev',
                  state: 'ready',
                  fetchedCommit: A,
                  appliedCommit: A,
                },
                {
                  cluster: 'local',
                  namespace: 'checkout-production',
                  environment: 'production',
                  state: 'failing',
                  fetchedCommit: B,
                  appliedCommit: A,
                  reason: 'ReconciliationFailed',
                  message: 'Role/grab-secrets is forbidden',
                },
              ],
            },
          }}
        />,
      );
      expect(screen.getByText('Delivery')).toBeInTheDocument();
      expect(
        screen.getByText('GitOps at a1b2c3d, reconciled'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'GitOps at a1b2c3d; Flux failed at f6e5d4c: ReconciliationFailed',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByTitle('Role/grab-secrets is forbidden'),
      ).toHaveTextContent('Role/grab-secrets is forbidden');
      expect(screen.getByText('applied by Paved')).toBeInTheDocument();
    });

    it('says while it loads and when it could not be read, and has no column without it', async () => {
      const { rerender } = await renderInTestApp(
        <EnvironmentsCard environments={[dev]} delivery={{ loading: true }} />,
      );
      expect(screen.getByText('reading delivery…')).toBeInTheDocument();
      rerender(
        <EnvironmentsCard
          environments={[dev]}
          delivery={{ loading: false, error: new Error('HTTP 503') }}
        />,
      );
      expect(
        screen.getByText('delivery could not be read: HTTP 503'),
      ).toBeInTheDocument();
      rerender(<EnvironmentsCard environments={[dev]} />);
      expect(screen.queryByText('Delivery')).not.toBeInTheDocument();
    });
  });
});
