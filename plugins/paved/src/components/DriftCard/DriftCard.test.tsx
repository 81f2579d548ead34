import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityDrift } from '@paved/plugin-paved-common';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import {
  appliedRollback,
  minutesAgo,
  requestedRollback,
} from '../RevisionsCard/__fixtures__/revisions';
import { DriftCard } from './DriftCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

const drift: EntityDrift = {
  objects: [
    {
      cluster: 'local',
      namespace: 'checkout-dev',
      kind: 'Deployment',
      name: 'checkout-api',
      revision: 3,
      fields: [
        {
          path: 'spec.replicas',
          expected: 3,
          actual: 5,
          manager: 'kubectl-scale',
          changedAt: minutesAgo(12),
        },
        {
          path: 'spec.template.spec.containers[name=app].env[name=DEBUG]',
          actual: 'true',
          manager: 'kubectl-set',
        },
        {
          path: 'spec.template.spec.containers[name=app].resources.limits.memory',
          expected: '512Mi',
        },
      ],
    },
  ],
  notes: ['cluster staging is unreachable'],
};

function render(api: Partial<PavedApi>) {
  return renderCard(<DriftCard />, api, entity);
}

describe('DriftCard', () => {
  it('describes each drifted field with its manager and when it changed', async () => {
    const { container } = await render({
      getEntityDrift: jest.fn().mockResolvedValue(drift),
    });
    const object = await screen.findByRole('group', {
      name: 'Deployment checkout-api in checkout-dev',
    });
    expect(container.querySelector('#paved-drift')).not.toBeNull();
    expect(
      within(object).getByText('replicas 3 → 5 by kubectl-scale, 12 min ago'),
    ).toBeInTheDocument();
    expect(
      within(object).getByText(
        'containers[app].env[DEBUG] true added by kubectl-set',
      ),
    ).toBeInTheDocument();
    expect(
      within(object).getByText(
        'containers[app].resources.limits.memory 512Mi removed',
      ),
    ).toBeInTheDocument();
    expect(
      within(object).getByText('local; compared with revision #3'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('cluster staging is unreachable'),
    ).toBeInTheDocument();
  });

  it('re-applies the revision for the component and reloads the drift', async () => {
    const rollback = jest.fn().mockResolvedValue(appliedRollback);
    const getEntityDrift = jest
      .fn()
      .mockResolvedValueOnce(drift)
      .mockResolvedValue({ objects: [], notes: [] });
    await render({ getEntityDrift, rollback });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Re-apply revision #3' }),
    );
    expect(
      await screen.findByText(
        'Re-applied: revision #3 recorded; removed: ConfigMap checkout-extra; kept Secrets: checkout-db',
      ),
    ).toBeInTheDocument();
    // the entity has no kubernetes-id annotation: its name is the component
    expect(rollback).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', revision: 3 },
      { component: 'checkout-api' },
    );
    expect(
      await screen.findByText(
        'No drift: every workload matches the last revision Paved applied.',
      ),
    ).toBeInTheDocument();
    expect(getEntityDrift).toHaveBeenCalledTimes(2);
  });

  it('says when a re-apply became a change request', async () => {
    const getEntityDrift = jest.fn().mockResolvedValue(drift);
    await render({
      getEntityDrift,
      rollback: jest.fn().mockResolvedValue(requestedRollback),
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Re-apply revision #3' }),
    );
    expect(
      await screen.findByText(/^Change request sent to the team leads/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Re-apply revision #3' }),
      ).not.toBeInTheDocument(),
    );
    expect(getEntityDrift).toHaveBeenCalledTimes(1);
  });

  it('says so when nothing drifted', async () => {
    await render({
      getEntityDrift: jest.fn().mockResolvedValue({ objects: [], notes: [] }),
    });
    expect(
      await screen.findByText(
        'No drift: every workload matches the last revision Paved applied.',
      ),
    ).toBeInTheDocument();
  });
});
