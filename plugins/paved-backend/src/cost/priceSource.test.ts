import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { pavedPriceSourceExtensionPoint } from '@paved/plugin-paved-node';
import request from 'supertest';
import { startPavedBackend } from '../__testUtils__/startPavedBackend';

/** A cluster Paved never reaches here: it has no Prometheus, so its cost is only described in notes. */
const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [{ name: 'edge', url: 'https://127.0.0.1:1' }],
      },
    ],
  },
  paved: { cost: { alerts: { enabled: false } } },
};

const eurPrices = createBackendModule({
  pluginId: 'paved',
  moduleId: 'eur-prices',
  register(env) {
    env.registerInit({
      deps: { prices: pavedPriceSourceExtensionPoint },
      async init({ prices }) {
        prices.setPriceSource({
          getPrices: async () =>
            new Map([
              [
                'edge',
                {
                  cpuCoreHour: 0.03,
                  memoryGiBHour: 0.004,
                  storageGiBMonth: 0.1,
                  loadBalancerHour: 0.02,
                  currency: 'EUR',
                  idleSharing: false,
                },
              ],
            ]),
        });
      },
    });
  },
});

async function teamsCost(features: any[]) {
  const server = await startPavedBackend({
    entities: [],
    teams: {},
    config,
    features,
  });
  const response = await request(server)
    .get('/api/paved/teams/cost')
    .set('Authorization', mockCredentials.user.header('user:default/admin'));
  expect(response.status).toBe(200);
  return response.body;
}

describe('pavedPriceSourceExtensionPoint', () => {
  it('charges at the prices of the source a module sets instead of paved.cost.prices', async () => {
    const fromConfig = await teamsCost([]);
    expect(fromConfig.currency).toBe('USD');
    expect(fromConfig.notes).toEqual([
      'Cluster edge has no price table (paved.cost.prices.edge), so its costs are left out.',
    ]);
    const fromModule = await teamsCost([eurPrices]);
    expect(fromModule.currency).toBe('EUR');
    expect(fromModule.notes).toEqual([
      'Cluster edge has no Prometheus (paved.clusters[].prometheusUrl), so its costs are left out.',
    ]);
  });
});
