import { podDependencies } from './podDependencies';
import { KubernetesObject } from './types';

const object = (
  kind: string,
  name: string,
  namespace?: string,
): KubernetesObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

const named = (objects: KubernetesObject[], index: number) =>
  podDependencies(objects, index).map(
    i => `${objects[i].kind}/${objects[i].metadata.name}`,
  );

describe('podDependencies', () => {
  it('names everything a pod template refers to, in every place a pod can refer to it', () => {
    const cronJob: KubernetesObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'report' },
      spec: {
        jobTemplate: {
          spec: {
            template: {
              spec: {
                serviceAccount: 'reporter',
                priorityClassName: 'batch-low',
                runtimeClassName: 'sandboxed',
                imagePullSecrets: [{ name: 'pull' }],
                volumes: [
                  { name: 'a', configMap: { name: 'vol-config' } },
                  { name: 'b', secret: { secretName: 'vol-secret' } },
                  { name: 'c', persistentVolumeClaim: { claimName: 'data' } },
                  {
                    name: 'd',
                    projected: {
                      sources: [
                        { configMap: { name: 'projected-config' } },
                        { secret: { name: 'projected-secret' } },
                      ],
                    },
                  },
                ],
                initContainers: [
                  { envFrom: [{ secretRef: { name: 'init-secret' } }] },
                ],
                containers: [
                  {
                    envFrom: [{ configMapRef: { name: 'env-config' } }],
                    env: [
                      {
                        name: 'X',
                        valueFrom: { configMapKeyRef: { name: 'key-config' } },
                      },
                      {
                        name: 'Y',
                        valueFrom: { secretKeyRef: { name: 'key-secret' } },
                      },
                    ],
                  },
                ],
              },
            },
          },
        },
      },
    };
    const objects = [
      cronJob,
      object('ServiceAccount', 'reporter'),
      object('PriorityClass', 'batch-low'),
      object('RuntimeClass', 'sandboxed'),
      object('Secret', 'pull'),
      object('ConfigMap', 'vol-config'),
      object('Secret', 'vol-secret'),
      object('PersistentVolumeClaim', 'data'),
      object('ConfigMap', 'projected-config'),
      object('Secret', 'projected-secret'),
      object('Secret', 'init-secret'),
      object('ConfigMap', 'env-config'),
      object('ConfigMap', 'key-config'),
      object('Secret', 'key-secret'),
      object('ConfigMap', 'unrelated'),
      object('Service', 'report'),
      object('ServiceAccount', 'other'),
    ];
    expect(named(objects, 0)).toEqual(
      objects.slice(1, 14).map(o => `${o.kind}/${o.metadata.name}`),
    );
  });

  it('adds every LimitRange and ResourceQuota of the namespace, which pods are admitted against', () => {
    const objects = [
      {
        ...object('Deployment', 'web', 'shop'),
        spec: { template: { spec: { containers: [{}] } } },
      },
      object('LimitRange', 'defaults', 'shop'),
      object('ResourceQuota', 'quota'),
      object('ResourceQuota', 'elsewhere', 'other'),
      object('ConfigMap', 'settings', 'shop'),
    ];
    expect(named(objects, 0)).toEqual([
      'LimitRange/defaults',
      'ResourceQuota/quota',
    ]);
  });

  it('matches names only within the namespace of the workload', () => {
    const objects = [
      {
        ...object('Deployment', 'web', 'shop'),
        spec: {
          template: { spec: { serviceAccountName: 'web', containers: [] } },
        },
      },
      object('ServiceAccount', 'web', 'other'),
      object('ServiceAccount', 'web', 'shop'),
    ];
    expect(podDependencies(objects, 0)).toEqual([2]);
  });

  it('gives an autoscaler what the workload it scales needs, and nothing for other kinds', () => {
    const objects = [
      {
        ...object('HorizontalPodAutoscaler', 'web'),
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      },
      {
        ...object('Deployment', 'web'),
        spec: {
          template: { spec: { serviceAccountName: 'web', containers: [] } },
        },
      },
      object('ServiceAccount', 'web'),
      {
        ...object('HorizontalPodAutoscaler', 'gone'),
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'missing' } },
      },
      object('Service', 'web'),
    ];
    expect(named(objects, 0)).toEqual(['ServiceAccount/web']);
    expect(podDependencies(objects, 3)).toEqual([]);
    expect(podDependencies(objects, 4)).toEqual([]);
    expect(podDependencies(objects, 2)).toEqual([]);
  });
});
