import { ObjectsByEntityResponse } from '@backstage/plugin-kubernetes-common';
import { filterObjectsByNamespace } from './filterObjects';
import { ReadableNamespaces } from './ReadableNamespaces';

const pod = (namespace: string, name: string) => ({
  metadata: { namespace, name },
});
const usage = { currentUsage: 1, requestTotal: 1, limitTotal: 1 };

const response = (): ObjectsByEntityResponse =>
  ({
    items: [
      {
        cluster: { name: 'local' },
        resources: [
          {
            type: 'pods',
            resources: [
              pod('checkout-dev', 'api-1'),
              pod('search-dev', 'spoofed-1'),
            ],
          },
          {
            type: 'secrets',
            resources: [pod('checkout-dev', 'db-credentials')],
          },
          {
            type: 'persistentvolumes',
            resources: [{ metadata: { name: 'pv-1' } }],
          },
          {
            // a custom-resource query for v1 secrets
            type: 'customresources',
            resources: [
              { ...pod('checkout-dev', 'api-token'), kind: 'Secret' },
              { ...pod('checkout-dev', 'api-rollout'), kind: 'Rollout' },
            ],
          },
        ],
        podMetrics: [
          {
            pod: pod('checkout-dev', 'api-1'),
            cpu: usage,
            memory: usage,
            containers: [],
          },
          {
            pod: pod('search-dev', 'spoofed-1'),
            cpu: usage,
            memory: usage,
            containers: [],
          },
        ],
        errors: [
          {
            errorType: 'UNAUTHORIZED_ERROR',
            resourcePath: '/api/v1/namespaces/search-dev/pods',
          },
          {
            errorType: 'NOT_FOUND',
            resourcePath: '/api/v1/namespaces/checkout-dev/services',
          },
        ],
      },
      {
        cluster: { name: 'other' },
        resources: [{ type: 'pods', resources: [pod('checkout-dev', 'x')] }],
        podMetrics: [],
        errors: [],
      },
    ],
  } as unknown as ObjectsByEntityResponse);

const names = (r: ObjectsByEntityResponse) =>
  r.items.map(item => ({
    cluster: item.cluster.name,
    resources: item.resources.map(f => [
      f.type,
      (f.resources as any[]).map(o => o.metadata.name),
    ]),
    metrics: item.podMetrics.map(m => m.pod.metadata!.name),
    errors: item.errors.map(e => ('resourcePath' in e ? e.resourcePath : '')),
  }));

describe('filterObjectsByNamespace', () => {
  it('keeps only the readable namespaces of each cluster and never passes Secrets on', () => {
    const readable: ReadableNamespaces = {
      all: false,
      byCluster: new Map([['local', new Set(['checkout-dev'])]]),
    };
    expect(names(filterObjectsByNamespace(response(), readable))).toEqual([
      {
        cluster: 'local',
        resources: [
          ['pods', ['api-1']],
          ['persistentvolumes', []],
          ['customresources', ['api-rollout']],
        ],
        metrics: ['api-1'],
        errors: ['/api/v1/namespaces/checkout-dev/services'],
      },
    ]);
  });

  it('answers nothing when no namespace is readable', () => {
    expect(
      filterObjectsByNamespace(response(), {
        all: false,
        byCluster: new Map(),
      }),
    ).toEqual({ items: [] });
  });

  it('gives platform admins every namespace and cluster-scoped object, still without Secrets', () => {
    const filtered = names(filterObjectsByNamespace(response(), { all: true }));
    expect(filtered[0].resources).toEqual([
      ['pods', ['api-1', 'spoofed-1']],
      ['persistentvolumes', ['pv-1']],
      ['customresources', ['api-rollout']],
    ]);
    expect(filtered.map(f => f.cluster)).toEqual(['local', 'other']);
  });
});
