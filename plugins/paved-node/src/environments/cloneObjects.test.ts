import { KubernetesObject } from '../apply/types';
import { cloneObjects } from './cloneObjects';

function deployment(
  name: string,
  component: string | undefined,
  containers: Array<{ name: string; image: string }>,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: 'checkout-dev',
      labels: component ? { 'backstage.io/kubernetes-id': component } : {},
    },
    spec: { replicas: 2, template: { spec: { containers } } },
  };
}

const options = {
  targetNamespace: 'checkout-pr-7',
  rewriteHost: (h: string) => h,
  secretPolicy: 'placeholder' as const,
  sourceProtected: false,
};

function images(object: KubernetesObject): string[] {
  const spec = object.spec as any;
  const template =
    object.kind === 'CronJob' ? spec.jobTemplate.spec.template : spec.template;
  return template.spec.containers.map((c: { image: string }) => c.image);
}

describe('cloneObjects with image overrides', () => {
  it('runs the given image in the container named after the component, leaving sidecars and other components alone', () => {
    const { objects, notes } = cloneObjects(
      [
        deployment('orders-api', 'orders-api', [
          { name: 'proxy', image: 'registry.paved.local/proxy:1.0.0' },
          {
            name: 'orders-api',
            image: 'registry.paved.local/orders-api:1.0.0',
          },
        ]),
        deployment('search-api', 'search-api', [
          {
            name: 'search-api',
            image: 'registry.paved.local/search-api:2.0.0',
          },
        ]),
      ],
      {
        ...options,
        images: [
          {
            component: 'orders-api',
            image: 'registry.paved.local/orders-api:1.1.0',
          },
        ],
      },
    );
    expect(objects.map(images)).toEqual([
      [
        'registry.paved.local/proxy:1.0.0',
        'registry.paved.local/orders-api:1.1.0',
      ],
      ['registry.paved.local/search-api:2.0.0'],
    ]);
    expect(objects.every(o => o.metadata.namespace === 'checkout-pr-7')).toBe(
      true,
    );
    expect(notes).toContain(
      'Deployment orders-api: container orders-api runs registry.paved.local/orders-api:1.1.0 (was registry.paved.local/orders-api:1.0.0)',
    );
  });

  it('uses the only container of a workload whose container has another name, and overrides CronJobs too', () => {
    const cron: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: {
        name: 'nightly',
        labels: { 'backstage.io/kubernetes-id': 'nightly' },
      },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: { containers: [{ name: 'job', image: 'r/nightly:1.0.0' }] },
            },
          },
        },
      },
    };
    const { objects } = cloneObjects([cron], {
      ...options,
      images: [{ component: 'nightly', image: 'r/nightly:1.2.0' }],
    });
    expect(images(objects[0])).toEqual(['r/nightly:1.2.0']);
  });

  it('says so and changes nothing when several containers have none of the component’s name', () => {
    const { objects, notes } = cloneObjects(
      [
        deployment('orders-api', 'orders-api', [
          { name: 'a', image: 'r/a:1.0.0' },
          { name: 'b', image: 'r/b:1.0.0' },
        ]),
      ],
      { ...options, images: [{ component: 'orders-api', image: 'r/x:2.0.0' }] },
    );
    expect(images(objects[0])).toEqual(['r/a:1.0.0', 'r/b:1.0.0']);
    expect(notes).toContain(
      'Deployment orders-api: image not changed: no container named orders-api among 2',
    );
  });
});
