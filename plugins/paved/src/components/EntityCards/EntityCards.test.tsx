import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import { EntityEnvironmentsCard, EntityWorkloadsCard } from './EntityCards';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

function render(api: Partial<PavedApi>, card: JSX.Element) {
  return renderCard(card, api, entity);
}

describe('entity cards on their own', () => {
  it('loads the overview and shows the environments', async () => {
    const getOverview = jest.fn().mockResolvedValue({
      entityRef: 'component:default/checkout-api',
      clusters: [{ name: 'local', reachable: true }],
      environments: [
        {
          cluster: 'local',
          namespace: 'checkout-dev',
          environment: 'dev',
          team: 'group:default/team-checkout',
          lifecycle: 'persistent',
          protected: false,
        },
      ],
      workloads: [],
      gaps: [],
    });
    await render({ getOverview }, <EntityEnvironmentsCard />);
    expect(await screen.findByText('checkout-dev')).toBeInTheDocument();
    expect(getOverview).toHaveBeenCalledTimes(1);
  });

  it('says why inside the card when the user may not see the entity', async () => {
    const error = Object.assign(
      new Error(
        'You may not view the platform details of component:default/checkout-api',
      ),
      { name: 'NotAllowedError' },
    );
    await render(
      { getOverview: jest.fn().mockRejectedValue(error) },
      <EntityWorkloadsCard />,
    );
    expect(await screen.findByText('Workloads')).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/You may not view the platform details/))
        .length,
    ).toBeGreaterThan(0);
  });
});
