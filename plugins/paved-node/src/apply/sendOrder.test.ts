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

  it('with workloadsLast, starts workloads and autoscalers only once every other object has settled', async () => {
    const started: string[] = [];
    const finish = new Map<string, () => void>();
    const promises = startInSendOrder(
      objects,
      o => {
        started.push(o.kind);
        return new Promise<void>(r => finish.set(o.kind, r));
      },
      10,
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
});
