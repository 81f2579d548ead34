import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import { SecretsCard } from './SecretsCard';
import { entitySecrets } from './__fixtures__/secrets';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function render(api: Partial<PavedApi>) {
  return renderCard(
    <SecretsCard />,
    { getEntitySecrets: jest.fn().mockResolvedValue(entitySecrets), ...api },
    entity,
  );
}

describe('SecretsCard: rotation', () => {
  it('shows the next rotation and saves a new schedule with the keys\u2019 shapes', async () => {
    const setSecretRotation = jest.fn().mockResolvedValue({
      rotation: {
        every: 'P7D',
        keys: [{ key: 'token', shape: { alphabet: 'hex', length: 48 } }],
        nextRotationAt: '2026-12-08T00:00:00Z',
      },
    });
    await render({ setSecretRotation });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Rotation of checkout-token in checkout-dev',
      }),
    );
    expect(screen.getByLabelText('Next rotation')).toHaveTextContent(
      /Next rotation: .*; last rotated/,
    );
    expect(screen.getByLabelText('Generated key')).toHaveValue('token');
    expect(screen.getByLabelText('Length')).toHaveValue(48);
    fireEvent.change(screen.getByLabelText('Every'), {
      target: { value: 'P7D' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save rotation' }));
    expect(
      await screen.findByText(/Rotation saved: every P7D; next rotation/),
    ).toBeInTheDocument();
    expect(setSecretRotation).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', secret: 'checkout-token' },
      {
        every: 'P7D',
        keys: [{ key: 'token', shape: { alphabet: 'hex', length: 48 } }],
      },
    );
  });

  it('refuses a malformed duration before sending anything', async () => {
    const setSecretRotation = jest.fn();
    await render({ setSecretRotation });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Rotation of checkout-db in checkout-dev',
      }),
    );
    fireEvent.change(screen.getByLabelText('Every'), {
      target: { value: 'custom' },
    });
    fireEvent.change(screen.getByLabelText('ISO-8601 duration'), {
      target: { value: '30 days' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save rotation' }));
    expect(
      await screen.findByText(/every: an ISO-8601 duration such as P30D/),
    ).toBeInTheDocument();
    expect(setSecretRotation).not.toHaveBeenCalled();
  });

  it('rotates now after a confirmation and says what was rotated and restarted', async () => {
    const getEntitySecrets = jest.fn().mockResolvedValue(entitySecrets);
    const rotateSecret = jest.fn().mockResolvedValue({
      keys: ['token'],
      restarted: ['Deployment/checkout-api'],
      rotatedAt: '2026-12-02T06:00:00Z',
    });
    await render({ getEntitySecrets, rotateSecret });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Rotate checkout-token now in checkout-dev',
      }),
    );
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Deployment/checkout-api restarts (rolling)',
    );
    expect(rotateSecret).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    expect(
      await within(dialog).findByText(
        'Rotated token; restarted Deployment/checkout-api',
      ),
    ).toBeInTheDocument();
    expect(rotateSecret).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', secret: 'checkout-token' },
      'group:default/team-checkout',
    );
    await waitFor(() => expect(getEntitySecrets).toHaveBeenCalledTimes(2));
  });
});
