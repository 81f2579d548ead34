import { startInSendOrder } from './sendOrder';
import { KubernetesObject } from './types';

const object = (kind: string, name: string): KubernetesObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name },
});

describe('startInSendOrder', () => {
  const objects = [
    object('HorizontalPodAutoscaler', 'hpa'),
    object('Deployment', 'web'),
    object('ConfigMap', 'config'),
    object('Service', 'web'),
    object('StatefulSet', 'db'),
    object('Secret', 'creds'),
  ];

  it('sends Services first, workloads after the rest and autoscalers last, answering in the given order', async () => {
    const started: string[] = [];
    const results = await Promise.all(
      startInSendOrder(objects, async o => {
        started.push(`${o.kind}/${o.metadata.name}`);
        return o.metadata.name;
      }),
    );
    expect(started).toEqual([
      'Service/web',
      'ConfigMap/config',
      'Secret/creds',
      'Deployment/web',
      'StatefulSet/db',
      'HorizontalPodAutoscaler/hpa',
    ]);
    expect(results).toEqual(['hpa', 'web', 'config', 'web', 'db', 'creds']);
  });

  it('keeps at most `limit` in flight, starting the next as one finishes', async () => {
    let inFlight = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const promises = startInSendOrder(
      objects,
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>(r => release.push(r));
        inFlight--;
      },
      2,
    );
    for (let done = 0; done < objects.length; done++) {
      await new Promise(r => setImmediate(r));
      expect(inFlight).toBeLessThanOrEqual(2);
      release.shift()?.();
    }
    await Promise.all(promises);
    expect(most).toBe(2);
  });

  it('goes on after a failure, each promise answering for its own object', async () => {
    const settled = await Promise.allSettled(
      startInSendOrder(
        objects,
        async o => {
          if (o.kind === 'Service') throw new Error('refused');
          return o.kind;
        },
        1,
      ),
    );
    expect(settled.map(s => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
  });

  it('with workloadsLast, in a set larger than the limit, starts workloads and autoscalers only once every other object has settled', async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const promises = startInSendOrder(
      objects,
      o => {
        started.push(o.kind);
        return new Promise<void>(r => finish.set(o.kind, r));
      },
      5,
      true,
    );
    const tick = () => new Promise(r => setImmediate(r));
    await tick();
    expect(started).toEqual(['Service', 'ConfigMap', 'Secret']);
    finish.get('Service')!();
    finish.get('ConfigMap')!();
    await tick();
    expect(started).toHaveLength(3);
    finish.get('Secret')!();
    await tick();
    await tick();
    expect(started).toEqual([
      'Service',
      'ConfigMap',
      'Secret',
      'Deployment',
      'StatefulSet',
      'HorizontalPodAutoscaler',
    ]);
    for (const done of finish.values()) done();
    await Promise.all(promises);
  });

  it('with workloadsLast, in a set that fits in flight, starts each workload once what its pods need has settled', async () => {
    const app = (
      kind: string,
      name: string,
      spec: object,
    ): KubernetesObject => ({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name },
      spec: { template: { spec } },
    });
    const set: KubernetesObject[] = [
      app('Deployment', 'web', {
        serviceAccountName: 'web',
        containers: [{ envFrom: [{ configMapRef: { name: 'web-config' } }] }],
      }),
      app('Deployment', 'worker', { containers: [{ image: 'worker' }] }),
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } },
      } as KubernetesObject,
      object('Service', 'web'),
      object('ServiceAccount', 'web'),
      object('ConfigMap', 'web-config'),
      object('ConfigMap', 'unrelated'),
    ];
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const label = (o: KubernetesObject) => `${o.kind}/${o.metadata.name}`;
    const promises = startInSendOrder(
      set,
      o => {
        started.push(label(o));
        return new Promise<void>(r => finish.set(label(o), r));
      },
      32,
      true,
    );
    const tick = async () => {
      await new Promise(r => setImmediate(r));
      await new Promise(r => setImmediate(r));
    };
    await tick();
    // a workload naming nothing of the set goes at once
    expect(started).toEqual([
      'Service/web',
      'ServiceAccount/web',
      'ConfigMap/web-config',
      'ConfigMap/unrelated',
      'Deployment/worker',
    ]);
    finish.get('ServiceAccount/web')!();
    await tick();
    expect(started).toHaveLength(5);
    // the Service and the other ConfigMap are not waited for; the autoscaler goes with what it scales
    finish.get('ConfigMap/web-config')!();
    await tick();
    expect(started.slice(5)).toEqual([
      'Deployment/web',
      'HorizontalPodAutoscaler/web',
    ]);
    for (const done of finish.values()) done();
    await Promise.all(promises);
  });
});
