import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { TeamCost } from '@paved/plugin-paved-common';
import { PavedApi } from '../../api/PavedApi';
import { TeamCostCard } from './TeamCostCard';
import { teamCost, forbidden } from '../CostCard/__fixtures__/cost';
import { renderCard } from '../__testUtils__/renderCard';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-search', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function render(api: Partial<PavedApi>) {
  return renderCard(<TeamCostCard />, api, group);
}

describe('TeamCostCard', () => {
  it('shows the totals per environment and component, the budget bar and the over-budget alert', async () => {
    const getTeamCost = jest.fn().mockResolvedValue(teamCost);
    await render({ getTeamCost });
    expect(
      await screen.findByTestId('paved-team-cost-month-to-date'),
    ).toHaveTextContent('$4.25');
    expect(screen.getByTestId('paved-team-cost-projected')).toHaveTextContent(
      '$73.71',
    );
    expect(screen.getByTestId('paved-team-cost-budget')).toHaveTextContent(
      '$40.00',
    );
    expect(getTeamCost).toHaveBeenCalledWith({
      kind: 'Group',
      namespace: 'default',
      name: 'team-search',
    });

    const alert = screen.getByTestId('paved-budget-alert');
    expect(
      within(alert).getByText(
        'Error: group:default/team-search is projected to go over its monthly budget',
      ),
    ).toBeInTheDocument();

    const bar = screen.getByRole('meter', {
      name: 'Projected spend against the monthly budget',
    });
    expect(bar).toHaveAttribute('data-state', 'over');
    expect(bar).toHaveAttribute(
      'aria-valuetext',
      '$73.71 of $40.00, over budget',
    );
    expect(screen.getByTestId('paved-budget-status')).toHaveTextContent(
      'OVER: projected 184 % of budget',
    );

    expect(screen.getByText('By environment')).toBeInTheDocument();
    expect(screen.getByText('search-production')).toBeInTheDocument();
    expect(screen.getByText('$44.20')).toBeInTheDocument();
    expect(screen.getByText('By component')).toBeInTheDocument();
    expect(screen.getByText('search-api')).toBeInTheDocument();
    expect(screen.getByText('(no component)')).toBeInTheDocument();
    const chart = screen.getByRole('img', {
      name: 'Daily cost of group:default/team-search, last 30 days',
    });
    expect(chart.querySelectorAll('rect > title')).toHaveLength(30);
  });

  it('shows no alert within budget, and warns near it', async () => {
    const within80: TeamCost = {
      ...teamCost,
      budget: {
        ...teamCost.budget!,
        budget: 200,
        projected: { amount: 73.71, ratio: 0.37, state: 'ok' },
        monthToDate: { amount: 4.25, ratio: 0.02, state: 'ok' },
        status: 'ok',
      },
    };
    const { unmount } = await render({
      getTeamCost: jest.fn().mockResolvedValue(within80),
    });
    expect(await screen.findByRole('meter')).toHaveAttribute(
      'data-state',
      'ok',
    );
    expect(screen.queryByTestId('paved-budget-alert')).not.toBeInTheDocument();
    unmount();

    await render({
      getTeamCost: jest.fn().mockResolvedValue({
        ...within80,
        budget: {
          ...within80.budget!,
          budget: 85,
          projected: { amount: 73.71, ratio: 0.867, state: 'warning' },
          status: 'warning',
        },
      }),
    });
    expect(
      await screen.findByText(
        'Warning: group:default/team-search is close to its monthly budget',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('meter')).toHaveAttribute('data-state', 'warning');
  });

  it('lists ephemeral environments that serve nothing', async () => {
    await render({
      getTeamCost: jest.fn().mockResolvedValue({
        ...teamCost,
        idleEnvironments: [
          {
            cluster: 'local',
            namespace: 'search-pr-12',
            environment: 'pr-12',
            requests: 0,
            cost: 0.42,
          },
        ],
      }),
    });
    const idle = await screen.findByTestId('paved-idle-environments');
    expect(
      within(idle).getByText(
        'Info: 1 ephemeral environment(s) served no request in the last day',
      ),
    ).toBeInTheDocument();
  });

  it('says a non-member may not see the team\u2019s cost, with the reason', async () => {
    const error = forbidden(
      'You may not view the cost of group:default/team-search (paved.entity.cost.read); only its members and platform admins may',
    );
    await render({ getTeamCost: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText('Info: You may not see this cost'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/only its members and platform admins may/).length,
    ).toBeGreaterThan(0);
  });

  it('says so when the team has nothing running', async () => {
    await render({
      getTeamCost: jest.fn().mockResolvedValue({
        ...teamCost,
        monthToDate: 0,
        projected: 0,
        byEnvironment: [],
        byComponent: [],
        notes: [
          'group:default/team-search has no environments, so nothing is charged.',
        ],
      }),
    });
    expect(await screen.findByText('No cost yet')).toBeInTheDocument();
    expect(screen.getByText(/has no environments/)).toBeInTheDocument();
  });
});
