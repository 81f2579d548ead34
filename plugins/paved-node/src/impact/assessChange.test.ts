import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { CostPrices } from '../cost/prices';
import { assessChange } from './assessChange';
import { NAMESPACE, deployment, podsOf, service } from './__fixtures__/objects';

const api = deployment('checkout-api', {
  replicas: 2,
  cpu: '250m',
  memory: '256Mi',
});

function clusterWith(): KubernetesClient {
  const ns = NAMESPACE;
  const answers: Record<string, unknown> = {
    [`/api/v1/namespaces/${ns}/pods`]: { items: podsOf(api, 2) },
    [`/api/v1/namespaces/${ns}/services`]: {
      items: [service('checkout-api', { app: 'checkout-api' })],
    },
    [`/apis/apps/v1/namespaces/${ns}/deployments`]: { items: [api] },
  };
  return {
    cluster: { name: 'local' },
    request: async (request: KubernetesRequest) =>
      answers[request.path] ?? { items: [] },
  } as unknown as KubernetesClient;
}

const prices: CostPrices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

describe('assessChange', () => {
  const next = deployment('checkout-api', {
    replicas: 3,
    cpu: '500m',
    memory: '512Mi',
    labels: { app: 'checkout' },
  });

  it('combines the blast radius and the cost forecast from the live state', async () => {
    const impact = await assessChange({
      client: clusterWith(),
      namespace: NAMESPACE,
      team: 'team-checkout',
      changed: [next],
      prices,
    });
    expect(impact.notes).toEqual([]);
    expect(impact.blastRadius.services).toEqual([
      expect.objectContaining({ name: 'checkout-api', before: 2, after: 0 }),
    ]);
    expect(impact.blastRadius.restartingPods).toHaveLength(1);
    expect(impact.blastRadius.owners).toEqual(['team-checkout']);
    expect(impact.cost?.delta).toEqual({ min: 26.13, max: 26.13 });
  });

  it('leaves the cost out with a note when the cluster has no prices', async () => {
    const impact = await assessChange({
      client: clusterWith(),
      namespace: NAMESPACE,
      changed: [next],
    });
    expect(impact.cost).toBeUndefined();
    expect(impact.notes).toEqual([
      'No price table for cluster "local" (paved.cost.prices.local): the cost is not forecast',
    ]);
  });
});
