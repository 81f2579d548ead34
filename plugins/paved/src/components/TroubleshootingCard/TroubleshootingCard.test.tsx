import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PavedApi } from '../../api/PavedApi';
import { TroubleshootingCard } from './TroubleshootingCard';
import { renderCard } from '../__testUtils__/renderCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
};

function render(api: Partial<PavedApi>) {
  return renderCard(<TroubleshootingCard />, api, entity);
}

describe('TroubleshootingCard', () => {
  it('shows each diagnosis with cause, fix and the last log lines', async () => {
    await render({
      getDiagnoses: async () => ({
        diagnoses: [
          {
            kind: 'crash-loop',
            object: { kind: 'Pod', name: 'checkout-api-1' },
            container: 'app',
            cause:
              'Container app keeps exiting (last exit code 1) and restarted 5 times.',
            fix: 'Read its last log lines.',
            lastLogLines: ['panic: DATABASE_URL is not set'],
            cluster: 'local',
            namespace: 'checkout-dev',
            environment: 'dev',
          },
        ],
      }),
    });
    expect(await screen.findByText('crash-loop')).toBeInTheDocument();
    expect(
      screen.getByText(/Pod checkout-api-1 \/ app in dev/),
    ).toBeInTheDocument();
    expect(screen.getByText(/restarted 5 times/)).toBeInTheDocument();
    expect(
      screen.getByText('panic: DATABASE_URL is not set'),
    ).toBeInTheDocument();
  });

  it('says when there is nothing to fix', async () => {
    await render({ getDiagnoses: async () => ({ diagnoses: [] }) });
    expect(await screen.findByText('Nothing to fix')).toBeInTheDocument();
  });

  it('links a container waiting for a missing secret key to the Secrets card', async () => {
    const missing = (name: string, detail: string) => ({
      kind: 'config-missing',
      object: { kind: 'Pod', name },
      container: 'app',
      cause: `Container app cannot be created: a Secret, ConfigMap or key it reads is missing (${detail}).`,
      fix: 'Create the Secret or ConfigMap it names in the same namespace.',
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
    });
    await render({
      getDiagnoses: async () => ({
        diagnoses: [
          missing(
            'checkout-api-1',
            "couldn't find key url in Secret checkout-dev/checkout-db",
          ),
          missing('checkout-api-2', 'configmap "settings" not found'),
        ],
      }),
    });
    const links = await screen.findAllByRole('link', {
      name: 'Set it on the Secrets card',
    });
    // the ConfigMap is not set on the Secrets card
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', '#paved-secrets');
    expect(screen.getAllByTestId('paved-diagnosis')[0]).toContainElement(
      links[0],
    );
  });

  it('names the revision that preceded a failure and rolls back to the one before it', async () => {
    const getDiagnoses = jest.fn().mockResolvedValue({
      diagnoses: [
        {
          kind: 'oom-killed',
          object: { kind: 'Pod', name: 'checkout-api-1' },
          container: 'app',
          cause:
            'Container app was killed for using more memory than its limit (256Mi).',
          fix: 'Raise the memory limit or roll back.',
          cluster: 'local',
          namespace: 'checkout-dev',
          environment: 'dev',
          change: {
            revision: 7,
            at: new Date(Date.now() - 5 * 60_000).toISOString(),
            actor: 'user:default/bob',
            changes: ['memory limit 512Mi → 256Mi'],
            rollbackTo: 6,
          },
        },
      ],
    });
    const rollback = jest.fn().mockResolvedValue({
      status: 'applied',
      revision: {
        cluster: 'local',
        namespace: 'checkout-dev',
        revision: 8,
        components: ['checkout-api'],
        actor: 'user:default/alice',
        at: new Date().toISOString(),
        source: { kind: 'rollback', restores: 6 },
        outcome: 'applied',
        objects: [],
      },
      applied: [],
      pruned: [],
      removedFields: [],
      keptSecrets: [],
      warnings: [],
    });
    await render({ getDiagnoses, rollback });
    expect(await screen.findByLabelText('Preceding change')).toHaveTextContent(
      'Since revision #7 by user:default/bob (5 min ago): memory limit 512Mi → 256Mi',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Roll back to #6' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText('Rolled back: revision #8 recorded'),
    ).toBeInTheDocument();
    expect(rollback).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', revision: 6 },
      { component: 'checkout-api' },
    );
    // closing the result reads the diagnoses again
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(getDiagnoses).toHaveBeenCalledTimes(2));
  });

  it('offers no rollback for a failure no revision preceded', async () => {
    await render({
      getDiagnoses: async () => ({
        diagnoses: [
          {
            kind: 'image-pull',
            object: { kind: 'Pod', name: 'checkout-api-1' },
            cause: 'The image cannot be pulled.',
            fix: 'Fix the image name.',
            cluster: 'local',
            namespace: 'checkout-dev',
            environment: 'dev',
          },
        ],
      }),
    });
    expect(
      await screen.findByText('The image cannot be pulled.'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Preceding change')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^Roll back/ }),
    ).not.toBeInTheDocument();
  });
});
