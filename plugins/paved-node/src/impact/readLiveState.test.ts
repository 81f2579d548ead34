import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { readLiveState } from './readLiveState';

/** A client answering each path from a table; a function entry throws. */
function fakeClient(answers: Record<string, unknown | (() => never)>) {
  const paths: string[] = [];
  const client = {
    cluster: { name: 'local' },
    request: async (request: KubernetesRequest) => {
      paths.push(request.path);
      const answer = answers[request.path];
      if (typeof answer === 'function') return (answer as () => never)();
      return answer ?? { items: [] };
    },
  } as unknown as KubernetesClient;
  return { client, paths };
}

const item = (name: string) => ({ metadata: { name } });

describe('readLiveState', () => {
  it("reads every kind of the namespace and sets each item's kind", async () => {
    const { client, paths } = fakeClient({
      '/api/v1/namespaces/shop/pods': { items: [item('api-1')] },
      '/apis/apps/v1/namespaces/shop/deployments': { items: [item('api')] },
      '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies': {
        items: [item('deny')],
      },
      '/api/v1/namespaces/shop': {
        metadata: {
          labels: { 'kubernetes.io/metadata.name': 'shop', tier: 'dev' },
        },
      },
    });
    const { state, notes } = await readLiveState(client, 'shop');
    expect(notes).toEqual([]);
    expect(state.pods.map(p => [p.kind, p.metadata.name])).toEqual([
      ['Pod', 'api-1'],
    ]);
    expect(state.workloads.map(w => [w.kind, w.metadata.name])).toEqual([
      ['Deployment', 'api'],
    ]);
    expect(state.networkPolicies[0].kind).toBe('NetworkPolicy');
    expect(state.namespaceLabels).toEqual({
      'kubernetes.io/metadata.name': 'shop',
      tier: 'dev',
    });
    expect(paths).toEqual(
      expect.arrayContaining([
        '/apis/apps/v1/namespaces/shop/statefulsets',
        '/apis/apps/v1/namespaces/shop/daemonsets',
        '/api/v1/namespaces/shop/services',
        '/apis/policy/v1/namespaces/shop/poddisruptionbudgets',
        '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers',
      ]),
    );
  });

  it('turns a kind the user may not list into a note', async () => {
    const refuse = () => {
      throw new NotAllowedError('listing: forbidden');
    };
    const { client } = fakeClient({
      '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies': refuse,
      '/apis/apps/v1/namespaces/shop/daemonsets': refuse,
      '/api/v1/namespaces/shop': refuse,
    });
    const { state, notes } = await readLiveState(client, 'shop');
    expect(state.networkPolicies).toEqual([]);
    expect(state.namespaceLabels).toBeUndefined();
    expect(notes).toEqual([
      'DaemonSets of shop could not be read (you may not list them): their restarts, pods and cost are not computed',
      'NetworkPolicies of shop could not be read (you may not list them): traffic cut by NetworkPolicies is not computed',
    ]);
  });

  it('fails when the cluster cannot be reached', async () => {
    const { client } = fakeClient({
      '/api/v1/namespaces/shop/pods': () => {
        throw new ServiceUnavailableError('cluster "local" is unreachable');
      },
    });
    await expect(readLiveState(client, 'shop')).rejects.toThrow(
      'cluster "local" is unreachable',
    );
  });
});
