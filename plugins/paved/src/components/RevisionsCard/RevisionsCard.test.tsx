import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import { RevisionsCard } from './RevisionsCard';
import {
  appliedRollback,
  requestedRollback,
  revisions,
  secondView,
} from './__fixtures__/revisions';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout-api' },
  },
  spec: { owner: 'team-checkout' },
};

function render(api: Partial<PavedApi>) {
  return renderCard(<RevisionsCard />, api, entity);
}

/** The table row that shows revision `#n` of `namespace`. */
async function row(n: number, namespace: string) {
  const cells = await screen.findAllByText(`#${n}`);
  const found = cells
    .map(c => c.closest('tr')!)
    .find(tr => within(tr).queryByText(namespace));
  if (!found) throw new Error(`no row #${n} of ${namespace}`);
  return found;
}

describe('RevisionsCard', () => {
  it('lists the revisions newest first with source, outcome and objects', async () => {
    const getEntityRevisions = jest.fn().mockResolvedValue(revisions);
    const { container } = await render({ getEntityRevisions });
    const first = await row(1, 'checkout-dev');
    expect(container.querySelector('#paved-revisions')).not.toBeNull();
    expect(getEntityRevisions).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'checkout' },
      { limit: 50 },
    );
    expect(
      within(first).getByText('golden path template:default/web-service'),
    ).toBeInTheDocument();
    expect(
      within(first).getByText(
        'Deployment checkout-api (created), Service checkout-api (created)',
      ),
    ).toBeInTheDocument();
    expect(within(first).getByText('2 h ago')).toHaveAttribute(
      'title',
      revisions.revisions[2].at,
    );
    const second = await row(2, 'checkout-dev');
    expect(within(second).getByText('failed')).toBeInTheDocument();
    expect(
      within(second).getByText(
        'Deployment checkout-api (configured), ConfigMap checkout-extra (created)',
      ),
    ).toBeInTheDocument();
    const production = await row(4, 'checkout-production');
    expect(within(production).getByText('approval req-7')).toBeInTheDocument();

    // newest first, across environments
    const numbers = screen.getAllByText(/^#\d+$/).map(cell => cell.textContent);
    expect(numbers).toEqual(['#4', '#2', '#1']);
    // an environment's newest revision is what runs: nothing to roll back to
    expect(
      within(second).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
    expect(
      within(production).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
    expect(
      within(first).getByRole('button', { name: 'Roll back' }),
    ).toBeInTheDocument();
  });

  it('shows a revision’s stored diff', async () => {
    const getRevision = jest.fn().mockResolvedValue(secondView);
    await render({
      getEntityRevisions: jest.fn().mockResolvedValue(revisions),
      getRevision,
    });
    fireEvent.click(
      within(await row(2, 'checkout-dev')).getByRole('button', {
        name: 'Diff',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByLabelText('Diff of revision #2'),
    ).toHaveTextContent('+ image: checkout-api:2.0-typo');
    expect(getRevision).toHaveBeenCalledWith({
      cluster: 'local',
      namespace: 'checkout-dev',
      revision: 2,
    });
  });

  it('compares two revisions of one environment, older first', async () => {
    const getRevisionDiff = jest.fn().mockResolvedValue({
      cluster: 'local',
      namespace: 'checkout-dev',
      from: 1,
      to: 2,
      diff: '+kind: ConfigMap',
    });
    await render({
      getEntityRevisions: jest.fn().mockResolvedValue(revisions),
      getRevisionDiff,
    });
    const compare = await screen.findByRole('button', { name: 'Compare' });
    expect(compare).toBeDisabled();
    fireEvent.click(
      screen.getByRole('checkbox', {
        name: 'Pick #2 of checkout-dev to compare',
      }),
    );
    // another environment's revision cannot be compared with it
    expect(
      screen.getByRole('checkbox', {
        name: 'Pick #4 of checkout-production to compare',
      }),
    ).toBeDisabled();
    fireEvent.click(
      screen.getByRole('checkbox', {
        name: 'Pick #1 of checkout-dev to compare',
      }),
    );
    fireEvent.click(compare);
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByLabelText('Diff of #1 and #2'),
    ).toHaveTextContent('+kind: ConfigMap');
    expect(getRevisionDiff).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev' },
      1,
      2,
    );
  });

  it('rolls back to a revision after a confirmation, shows what it did and reloads the list', async () => {
    const rollback = jest.fn().mockResolvedValue(appliedRollback);
    const getEntityRevisions = jest.fn().mockResolvedValue(revisions);
    await render({ getEntityRevisions, rollback });
    fireEvent.click(
      within(await row(1, 'checkout-dev')).getByRole('button', {
        name: 'Roll back',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Roll back checkout-dev to revision #1: re-applies its 2 objects, removes objects later revisions added, waits for the rollout.',
      ),
    ).toBeInTheDocument();
    fireEvent.change(
      within(dialog).getByLabelText('Note for the team lead (optional)'),
      { target: { value: 'INC-12' } },
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText(
        'Rolled back: revision #3 recorded; removed: ConfigMap checkout-extra; kept Secrets: checkout-db',
      ),
    ).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', revision: 1 },
      { component: 'checkout-api', note: 'INC-12' },
    );
    await waitFor(() => expect(getEntityRevisions).toHaveBeenCalledTimes(2));
    // done: the dialog offers Close only
    expect(
      within(dialog).queryByRole('button', { name: 'Roll back' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Close' }),
    ).toBeInTheDocument();
  });

  it('says when a rollback became a change request, and keeps the list', async () => {
    const rollback = jest.fn().mockResolvedValue(requestedRollback);
    const getEntityRevisions = jest.fn().mockResolvedValue(revisions);
    await render({ getEntityRevisions, rollback });
    fireEvent.click(
      within(await row(1, 'checkout-dev')).getByRole('button', {
        name: 'Roll back',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText(
        /^Change request sent to the team leads \(request req-9\)/,
      ),
    ).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', revision: 1 },
      { component: 'checkout-api' },
    );
    expect(getEntityRevisions).toHaveBeenCalledTimes(1);
  });

  it('shows a failed rollback’s error and lets the user cancel', async () => {
    await render({
      getEntityRevisions: jest.fn().mockResolvedValue(revisions),
      rollback: jest
        .fn()
        .mockRejectedValue(
          new Error('revision 1 of local/checkout-dev was pruned by retention'),
        ),
    });
    fireEvent.click(
      within(await row(1, 'checkout-dev')).getByRole('button', {
        name: 'Roll back',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText(/was pruned by retention/),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('says so when nothing was recorded yet', async () => {
    await render({
      getEntityRevisions: jest
        .fn()
        .mockResolvedValue({ revisions: [], more: false }),
    });
    expect(
      await screen.findByText(
        "No revisions yet: changes Paved applies to this component's environments are recorded here.",
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed read as an error', async () => {
    await render({
      getEntityRevisions: jest
        .fn()
        .mockRejectedValue(new Error('the revisions table is locked')),
    });
    expect(
      (await screen.findAllByText(/the revisions table is locked/)).length,
    ).toBeGreaterThan(0);
  });
});
