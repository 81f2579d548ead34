import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import { SecretsCard } from './SecretsCard';
import { entitySecrets } from './__fixtures__/secrets';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

const VALUE = 'postgres://app:s3cr3t-value@db:5432/checkout';

function render(api: Partial<PavedApi>) {
  return renderCard(
    <SecretsCard />,
    { getEntitySecrets: jest.fn().mockResolvedValue(entitySecrets), ...api },
    entity,
  );
}

describe('SecretsCard: setting values', () => {
  it('sends the typed value once, says it is write-only, forgets it and reloads the card', async () => {
    const getEntitySecrets = jest.fn().mockResolvedValue(entitySecrets);
    const setSecretValues = jest
      .fn()
      .mockResolvedValue({ outcome: 'applied', keys: ['url'] });
    await render({ getEntitySecrets, setSecretValues });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Set value of checkout-db/url in checkout-dev',
      }),
    );
    const input = screen.getByLabelText(/Value of url/);
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('autocomplete', 'new-password');
    fireEvent.change(input, { target: { value: VALUE } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText(
        /Saved — the value is write-only and cannot be shown/,
      ),
    ).toBeInTheDocument();
    expect(setSecretValues).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', secret: 'checkout-db' },
      { values: { url: VALUE }, entityRef: 'component:default/checkout-api' },
    );
    expect(screen.queryByDisplayValue(VALUE)).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain(VALUE);
    await waitFor(() => expect(getEntitySecrets).toHaveBeenCalledTimes(2));
  });

  it('sends a protected environment\u2019s change as a request with the lead\u2019s note and names the request', async () => {
    const setSecretValues = jest.fn().mockResolvedValue({
      outcome: 'requested',
      keys: ['url'],
      approvalId: 'req-9',
    });
    await render({ setSecretValues });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Request change of checkout-db/url in checkout-production',
      }),
    );
    fireEvent.change(screen.getByLabelText(/Value of url/), {
      target: { value: VALUE },
    });
    fireEvent.change(screen.getByLabelText('Note for the approving lead'), {
      target: { value: 'new primary' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Request change' }));
    expect(
      await screen.findByText(
        /Change request req-9 sent to the team's leads; keys only, the approving lead enters the values/,
      ),
    ).toBeInTheDocument();
    expect(setSecretValues).toHaveBeenCalledWith(
      {
        cluster: 'local',
        namespace: 'checkout-production',
        secret: 'checkout-db',
      },
      {
        values: { url: VALUE },
        note: 'new primary',
        entityRef: 'component:default/checkout-api',
      },
    );
    expect(document.body.innerHTML).not.toContain(VALUE);
  });

  it('creates a new secret with several keys, refusing an empty value first', async () => {
    const setSecretValues = jest
      .fn()
      .mockResolvedValue({ outcome: 'applied', keys: ['user', 'password'] });
    await render({ setSecretValues });
    fireEvent.click(
      await screen.findByRole('button', { name: 'New secret in checkout-dev' }),
    );
    fireEvent.change(screen.getByLabelText(/Secret name/), {
      target: { value: 'orders-db' },
    });
    fireEvent.change(screen.getByLabelText(/^Key/), {
      target: { value: 'user' },
    });
    fireEvent.change(screen.getByLabelText(/Value of user/), {
      target: { value: 'orders' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Another key' }));
    fireEvent.change(screen.getAllByLabelText(/^Key/)[1], {
      target: { value: 'password' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Give the value of password'),
    ).toBeInTheDocument();
    expect(setSecretValues).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/Value of password/), {
      target: { value: 'pw-123456' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/Saved — the value is write-only/);
    expect(setSecretValues).toHaveBeenCalledWith(
      { cluster: 'local', namespace: 'checkout-dev', secret: 'orders-db' },
      {
        values: { user: 'orders', password: 'pw-123456' },
        entityRef: 'component:default/checkout-api',
      },
    );
  });

  it('keeps the dialog open with the backend\u2019s reason when the write fails', async () => {
    await render({
      setSecretValues: jest
        .fn()
        .mockRejectedValue(
          new Error('values: "url" is refused by the webhook'),
        ),
    });
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Add key to checkout-db in checkout-dev',
      }),
    );
    fireEvent.change(screen.getByLabelText(/^Key/), {
      target: { value: 'url' },
    });
    fireEvent.change(screen.getByLabelText(/Value of url/), {
      target: { value: 'x' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(/refused by the webhook/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeInTheDocument();
  });
});
