import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EnvironmentCost } from '@paved/plugin-paved-common';
import { PavedApi } from '../../api/PavedApi';
import { teamCost, forbidden } from '../CostCard/__fixtures__/cost';
import { EnvironmentCostCard } from './EnvironmentCostCard';
import { renderCard } from '../__testUtils__/renderCard';

const resource: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'local-search-dev',
    namespace: 'default',
    annotations: {
      'paved.dev/cluster': 'local',
      'paved.dev/namespace': 'search-dev',
    },
  },
  spec: { type: 'kubernetes-environment', owner: 'group:default/team-search' },
};

// the dev line of the team fixture, as one environment's view
const {
  byEnvironment: _,
  budget: __,
  idleEnvironments: ___,
  ...totals
} = teamCost;
const environmentCost: EnvironmentCost = {
  ...totals,
  entityRef: 'resource:default/local-search-dev',
  cluster: 'local',
  namespace: 'search-dev',
  environment: 'dev',
  team: 'group:default/team-search',
  monthToDate: 1.7,
  projected: 29.51,
  byComponent: teamCost.byComponent.map(l => ({
    ...l,
    total: l.total / 2.5,
    projected: l.projected / 2.5,
  })),
  byWorkload: [
    {
      ...teamCost.byComponent[0],
      key: 'local/search-dev/search-api',
      name: 'search-api',
      namespace: 'search-dev',
      total: 1.7,
      projected: 29.51,
    },
  ],
};

function render(api: Partial<PavedApi>) {
  return renderCard(<EnvironmentCostCard />, api, resource);
}

describe('EnvironmentCostCard', () => {
  it('shows the environment\u2019s totals per component and workload', async () => {
    const getEnvironmentCost = jest.fn().mockResolvedValue(environmentCost);
    await render({ getEnvironmentCost });
    expect(
      await screen.findByTestId('paved-environment-cost-month-to-date'),
    ).toHaveTextContent('$1.70');
    expect(
      screen.getByTestId('paved-environment-cost-projected'),
    ).toHaveTextContent('$29.51');
    expect(
      screen.getByTestId('paved-environment-cost-environment'),
    ).toHaveTextContent('dev');
    expect(getEnvironmentCost).toHaveBeenCalledWith({
      kind: 'Resource',
      namespace: 'default',
      name: 'local-search-dev',
    });
    const workloads = screen.getByText('By workload').closest('div')!
      .parentElement!.parentElement!;
    expect(within(workloads).getByText('search-api')).toBeInTheDocument();
    expect(screen.getByText('(no component)')).toBeInTheDocument();
  });

  it('says why, with the backend\u2019s reason, when the user may not see the cost', async () => {
    const error = forbidden(
      'You may not view the cost of resource:default/local-search-dev (paved.entity.cost.read); only its owner, team-search, and platform admins may',
    );
    await render({ getEnvironmentCost: jest.fn().mockRejectedValue(error) });
    expect(
      await screen.findByText('Info: You may not see this cost'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/only its owner, team-search, and platform admins/)
        .length,
    ).toBeGreaterThan(0);
  });

  it('says when nothing runs there yet', async () => {
    await render({
      getEnvironmentCost: jest.fn().mockResolvedValue({
        ...environmentCost,
        monthToDate: 0,
        byComponent: [],
        byWorkload: [],
        notes: [],
      }),
    });
    expect(await screen.findByText('No cost yet')).toBeInTheDocument();
    expect(
      screen.getByText('Nothing runs in this environment yet.'),
    ).toBeInTheDocument();
  });
});
