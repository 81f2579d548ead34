import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { PavedApi } from '../../api/PavedApi';
import { renderCard } from '../__testUtils__/renderCard';
import { SecretsCard } from './SecretsCard';
import { devSecrets, entitySecrets } from './__fixtures__/secrets';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

function render(api: Partial<PavedApi>) {
  return renderCard(<SecretsCard />, api, entity);
}

describe('SecretsCard', () => {
  it('lists every key per environment with its status, readers, last change and rotation', async () => {
    const getEntitySecrets = jest.fn().mockResolvedValue(entitySecrets);
    const { container } = await render({ getEntitySecrets });
    const dev = await screen.findByTestId('paved-secrets-local-checkout-dev');
    expect(
      within(dev).getByTestId('paved-secret-status-checkout-db-url'),
    ).toHaveTextContent('MISSING');
    expect(getEntitySecrets).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
    expect(container.querySelector('#paved-secrets')).not.toBeNull();
    expect(
      within(dev).getByTestId('paved-secret-status-checkout-db-password'),
    ).toHaveTextContent('exists');
    expect(
      within(dev).getByText('Deployment/checkout-api · app · DATABASE_URL'),
    ).toBeInTheDocument();
    expect(within(dev).getByText(/^user:default\/bob, /)).toBeInTheDocument();
    expect(within(dev).getByText(/^every 30 days; next /)).toBeInTheDocument();
    expect(within(dev).getByText('1 missing')).toBeInTheDocument();
    expect(
      within(dev).getByRole('button', {
        name: 'Set value of checkout-db/url in checkout-dev',
      }),
    ).toBeInTheDocument();

    const production = screen.getByTestId(
      'paved-secrets-local-checkout-production',
    );
    expect(within(production).getByText('protected')).toBeInTheDocument();
    expect(within(production).getByText('store: vault')).toBeInTheDocument();
    expect(
      within(production).getByRole('button', {
        name: 'Request change of checkout-db/url in checkout-production',
      }),
    ).toBeInTheDocument();
    expect(
      within(production).queryByRole('button', { name: /^Set value/ }),
    ).not.toBeInTheDocument();
    // rotation is for environments the user writes to
    expect(
      within(production).queryByRole('button', { name: /^Rotation of/ }),
    ).not.toBeInTheDocument();
  });

  it('offers no button where the user may only look', async () => {
    await render({
      getEntitySecrets: jest.fn().mockResolvedValue({
        environments: [{ ...devSecrets, access: 'read' }],
      }),
    });
    expect(
      await screen.findByText(/You may see which keys exist here/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: /Set value|Request change|New secret|Add key/,
      }),
    ).not.toBeInTheDocument();
  });

  it('shows a failed read as an error', async () => {
    await render({
      getEntitySecrets: jest
        .fn()
        .mockRejectedValue(new Error('cluster local is unreachable')),
    });
    expect(
      (await screen.findAllByText(/cluster local is unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says so when nothing references a secret and none exists', async () => {
    await render({
      getEntitySecrets: jest.fn().mockResolvedValue({
        environments: [{ ...devSecrets, secrets: [], missing: 0 }],
      }),
    });
    expect(
      await screen.findByText(
        /No workload references a secret and none exists in checkout-dev/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'New secret in checkout-dev' }),
    ).toBeInTheDocument();
  });

  it('says so when the entity runs in no environment yet', async () => {
    await render({
      getEntitySecrets: jest.fn().mockResolvedValue({ environments: [] }),
    });
    expect(await screen.findByText('No environments yet')).toBeInTheDocument();
  });

  it('shows the environment\u2019s read error in its place', async () => {
    await render({
      getEntitySecrets: jest.fn().mockResolvedValue({
        environments: [
          {
            ...devSecrets,
            secrets: [],
            error: 'Vault at http://vault is sealed',
          },
        ],
      }),
    });
    expect(
      (await screen.findAllByText(/Vault at http:\/\/vault is sealed/)).length,
    ).toBeGreaterThan(0);
  });
});
