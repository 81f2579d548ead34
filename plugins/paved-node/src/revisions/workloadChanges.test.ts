import { KubernetesObject } from '../apply/types';
import { workloadChanges } from './workloadChanges';

function deployment(
  container: Record<string, unknown>,
  replicas = 2,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'checkout-api' },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'api', ...container }] } },
    },
  };
}

const v1 = deployment({
  image: 'registry.local/checkout-api:1.0',
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  resources: { limits: { memory: '512Mi', cpu: '500m' } },
});

describe('workloadChanges', () => {
  it('names the lowered memory limit first for an OOM kill', () => {
    const v2 = deployment({
      image: 'registry.local/checkout-api:1.1',
      env: [{ name: 'LOG_LEVEL', value: 'info' }],
      resources: { limits: { memory: '256Mi', cpu: '500m' } },
    });
    expect(workloadChanges(v1, v2, 'oom-killed')).toEqual([
      'memory limit 512Mi → 256Mi (container api)',
    ]);
    // for a stuck rollout every change counts, the image first
    expect(workloadChanges(v1, v2, 'rollout-stuck')).toEqual([
      'image registry.local/checkout-api:1.0 → registry.local/checkout-api:1.1 (container api)',
      'memory limit 512Mi → 256Mi (container api)',
    ]);
  });

  it('names the image for a pull failure and environment variables by name only', () => {
    const v2 = deployment({
      image: 'registry.local/checkout-api:does-not-exist',
      env: [
        { name: 'LOG_LEVEL', value: 'debug' },
        { name: 'FEATURE_X', value: 's3cr3t-ish' },
      ],
      resources: { limits: { memory: '512Mi', cpu: '500m' } },
    });
    expect(workloadChanges(v1, v2, 'image-pull')).toEqual([
      'image registry.local/checkout-api:1.0 → registry.local/checkout-api:does-not-exist (container api)',
    ]);
    const crash = workloadChanges(v1, v2, 'crash-loop');
    expect(crash).toEqual([
      'image registry.local/checkout-api:1.0 → registry.local/checkout-api:does-not-exist (container api)',
      'env FEATURE_X added (container api)',
      'env LOG_LEVEL changed (container api)',
    ]);
    expect(crash.join(' ')).not.toContain('debug');
    expect(crash.join(' ')).not.toContain('s3cr3t-ish');
  });

  it('says nothing when the revision changed nothing bearing on the diagnosis', () => {
    expect(workloadChanges(v1, v1, 'crash-loop')).toEqual([]);
    expect(
      workloadChanges(
        v1,
        deployment({ ...(v1.spec as any).template.spec.containers[0] }, 5),
        'oom-killed',
      ),
    ).toEqual([]);
    expect(workloadChanges(undefined, v1, 'oom-killed')).toEqual([]);
    expect(workloadChanges(undefined, v1, 'rollout-stuck')).toEqual([
      'Deployment checkout-api created',
    ]);
  });
});
