import { EventEmitter } from 'node:events';
import https from 'node:https';
import {
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { pavedAuthStrategiesServiceRef } from './authStrategies';
import { pavedClusterSupplierServiceRef } from './clusterSupplier';
import { pavedClustersServiceRef } from './clusters';

const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [{ name: 'local', url: 'https://127.0.0.1:1' }],
      },
    ],
  },
  paved: { clusters: [{ name: 'local', authProvider: 'eks' }] },
};

/** Starts a backend with two plugins that each record the registry they get. */
async function registries(features: any[], data: object = config) {
  const seen: ClusterRegistry[] = [];
  const recorder = (pluginId: string) =>
    createBackendPlugin({
      pluginId,
      register(env) {
        env.registerInit({
          deps: { clusters: pavedClustersServiceRef },
          async init({ clusters }) {
            seen.push(clusters);
          },
        });
      },
    });
  await startTestBackend({
    features: [
      recorder('one'),
      recorder('two'),
      mockServices.rootConfig.factory({ data }),
      ...features,
    ],
  });
  return seen;
}

const eks = createServiceFactory({
  service: pavedAuthStrategiesServiceRef,
  deps: {},
  factory: () => ({
    name: 'eks',
    getCredential: async cluster => `eks-token-for-${cluster.name}`,
  }),
});

describe('pavedClustersServiceRef', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives every plugin the same registry, read from config', async () => {
    const [one, two] = await registries([eks]);
    expect(one).toBe(two);
    expect(one.list().map(c => c.name)).toEqual(['local']);
  });

  it('takes the clusters of a cluster supplier the admin provides', async () => {
    const supplier = createServiceFactory({
      service: pavedClusterSupplierServiceRef,
      deps: {},
      factory: () => ({
        getClusters: async () => [
          {
            name: 'inventory-1',
            url: 'https://10.0.0.1',
            skipTLSVerify: false,
            impersonate: true,
          },
        ],
      }),
    });
    const [registry] = await registries([supplier]);
    expect(registry.list().map(c => c.name)).toEqual(['inventory-1']);
  });

  it("authenticates with the admin's auth strategy the cluster names", async () => {
    const [registry] = await registries([eks]);
    const sent: Record<string, unknown>[] = [];
    jest.spyOn(https, 'request').mockImplementation(((
      _url: URL,
      options: https.RequestOptions,
    ) => {
      sent.push(options.headers as Record<string, unknown>);
      const request = new EventEmitter();
      // the request fails as an unreachable server's would
      return Object.assign(request, {
        end: () => request.emit('error', new Error('not sent')),
      });
    }) as any);
    const client = await registry.client('local');
    // sent once: a broken connection would otherwise be retried for paved.limits.timeouts.kubernetesRetryMs
    await expect(
      client.request({ path: '/version', retry: false }),
    ).rejects.toThrow('is unreachable (not sent)');
    expect(sent[0].Authorization).toBe('Bearer eks-token-for-local');
  });

  it('refuses to start when a cluster names an auth strategy nobody provides', async () => {
    await expect(registries([])).rejects.toThrow(
      /kubernetes cluster "local" uses authProvider "eks", which Paved cannot use on its own;.*add an auth strategy named "eks" \(pavedAuthStrategiesServiceRef\); known: serviceAccount, oidc/,
    );
  });
});
