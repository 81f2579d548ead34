import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { UnavailableClustersWarning } from './UnavailableClustersWarning';

describe('UnavailableClustersWarning', () => {
  it('names the missing cluster and why', async () => {
    await renderInTestApp(
      <UnavailableClustersWarning
        clusters={[
          {
            cluster: 'paved-two',
            kind: 'unreachable',
            reason:
              'cluster "paved-two" at https://127.0.0.1:7443 is unreachable (connect ECONNREFUSED)',
          },
        ]}
      />,
    );
    expect(
      screen.getByText(
        /Cluster paved-two is unreachable; its part is missing here/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText(/connect ECONNREFUSED/)).toBeInTheDocument();
  });

  it('says that a cluster\u2019s Prometheus is unreachable', async () => {
    await renderInTestApp(
      <UnavailableClustersWarning
        clusters={[
          {
            cluster: 'paved-two',
            kind: 'prometheus-unreachable',
            reason: 'Prometheus of cluster paved-two unreachable: fetch failed',
          },
        ]}
      />,
    );
    expect(
      screen.getByText(
        /^(Warning: )?Prometheus of cluster paved-two unreachable$/,
      ),
    ).toBeInTheDocument();
  });

  it('shows nothing when every cluster answered', async () => {
    await renderInTestApp(<UnavailableClustersWarning />);
    expect(screen.queryByTestId('paved-unavailable-clusters')).toBeNull();
  });
});
