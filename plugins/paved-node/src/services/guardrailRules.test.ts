import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { PAVED_LABELS, PAVED_MANAGED_BY } from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { pavedClustersServiceRef } from './clusters';
import { pavedGuardrailRulesServiceRef } from './guardrailRules';

/** The API server's answers the guardrails need: discovery of v1, and a namespace that is a Paved environment. */
function fakeApiServer(request: KubernetesRequest): unknown {
  if (request.path === '/api/v1') {
    return {
      resources: [{ name: 'configmaps', kind: 'ConfigMap', namespaced: true }],
    };
  }
  if (request.path === '/api/v1/namespaces/shop-dev') {
    return {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop-dev',
        labels: { [PAVED_LABELS.managedBy]: PAVED_MANAGED_BY },
      },
    };
  }
  throw new Error(`unexpected ${request.path}`);
}

const costCenterRule = createServiceFactory({
  service: pavedGuardrailRulesServiceRef,
  deps: {},
  factory: () => ({
    id: 'acme.cost-center',
    check: object =>
      object.metadata.labels?.['cost-center']
        ? []
        : [
            {
              path: 'metadata.labels.cost-center',
              message: 'every object needs a cost center',
              fix: 'add the label cost-center: <your cost center>',
            },
          ],
  }),
});

describe('pavedGuardrailRulesServiceRef', () => {
  afterEach(() => jest.restoreAllMocks());

  it("refuses an apply the admin's rule finds fault with, naming object, field, fix and rule", async () => {
    jest
      .spyOn(KubernetesClient.prototype, 'request')
      .mockImplementation(async (request: KubernetesRequest) =>
        fakeApiServer(request),
      );
    let engine: ApplyEngine | undefined;
    await startTestBackend({
      features: [
        costCenterRule,
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [{ name: 'local', url: 'https://127.0.0.1:1' }],
                },
              ],
            },
          },
        }),
        createBackendPlugin({
          pluginId: 'applier',
          register(env) {
            env.registerInit({
              deps: {
                config: coreServices.rootConfig,
                clusters: pavedClustersServiceRef,
                rules: pavedGuardrailRulesServiceRef,
              },
              async init({ config, clusters, rules }) {
                engine = ApplyEngine.fromConfig(config, { clusters, rules });
              },
            });
          },
        }),
      ],
    });
    const plan = engine!.plan({
      cluster: 'local',
      defaultNamespace: 'shop-dev',
      objects: [
        {
          source: 'manifests/config.yaml#0',
          object: {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'settings' },
          },
        },
      ],
      platformAdmin: true,
      authorizedNamespaces: ['shop-dev'],
    });
    await expect(plan).rejects.toThrow(
      'ConfigMap shop-dev/settings (manifests/config.yaml#0): metadata.labels.cost-center: every object needs a ' +
        'cost center; fix: add the label cost-center: <your cost center> [acme.cost-center]',
    );
    await expect(plan).rejects.toMatchObject({ name: 'InputError' });
  });
});
