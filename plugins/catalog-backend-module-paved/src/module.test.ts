import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModulePavedEnvironments } from './module';
import { EnvironmentEntityProvider } from './EnvironmentEntityProvider';

// an app that allows file locations for itself: installing Paved must not act on it
const config = mockServices.rootConfig.factory({
  data: { paved: { localCatalog: { allowFileLocations: true } } },
});

describe('catalogModulePavedEnvironments', () => {
  it('adds the environment provider to the catalog', async () => {
    const addEntityProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider }],
      ],
      features: [catalogModulePavedEnvironments, config],
    });

    expect(addEntityProvider).toHaveBeenCalledTimes(1);
    const [provider] = addEntityProvider.mock.calls[0];
    expect(provider).toBeInstanceOf(EnvironmentEntityProvider);
    expect(provider.getProviderName()).toBe('paved-environments');
  });

  it('leaves the catalog refusing file locations', async () => {
    const { server } = await startTestBackend({
      features: [catalogPlugin, catalogModulePavedEnvironments, config],
    });

    const response = await fetch(
      `http://localhost:${server.port()}/api/catalog/locations`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: mockCredentials.user.header(),
        },
        body: JSON.stringify({
          type: 'file',
          target: '/etc/catalog-info.yaml',
        }),
      },
    );

    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe(
      'Registered locations must be of an allowed type ["url"]',
    );
  });
});
