import { PassThrough } from 'node:stream';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { PodWatch, PodWatchChange } from './PodWatch';
import { WatchedPod } from './podLiveState';

function pod(
  name: string,
  options: {
    ready: boolean;
    rv: string;
    waiting?: string;
    deployment?: string;
  },
): WatchedPod {
  const deployment = options.deployment ?? 'api';
  return {
    metadata: {
      name,
      resourceVersion: options.rv,
      labels: { app: deployment, 'pod-template-hash': '5d8f' },
      ownerReferences: [
        { kind: 'ReplicaSet', name: `${deployment}-5d8f`, controller: true },
      ],
    },
    status: {
      phase: 'Running',
      conditions: [
        {
          type: 'Ready',
          status: options.ready ? 'True' : 'False',
          reason: options.ready ? undefined : 'ContainersNotReady',
        },
      ],
      containerStatuses: [
        {
          ready: options.ready,
          state: options.waiting
            ? { waiting: { reason: options.waiting } }
            : ({ running: {} } as any),
        },
      ],
    },
  };
}

/** A cluster whose pod lists and watch streams the test hands out, one at a time. */
class FakeApi {
  readonly calls: Array<{
    kind: 'list' | 'watch';
    as: string;
    request: KubernetesRequest;
  }> = [];
  lists: Array<() => object> = [];
  streams: PassThrough[] = [];
  private waiting: Array<() => void> = [];

  client(as: string): KubernetesClient {
    return {
      cluster: { name: 'local' },
      request: async (request: KubernetesRequest) => {
        this.calls.push({ kind: 'list', as, request });
        const next = this.lists.shift();
        if (!next) throw new Error('no list prepared');
        return next();
      },
      stream: async (request: KubernetesRequest) => {
        this.calls.push({ kind: 'watch', as, request });
        const stream = new PassThrough();
        request.signal?.addEventListener('abort', () =>
          stream.destroy(new Error('aborted')),
        );
        this.streams.push(stream);
        this.waiting.splice(0).forEach(resolve => resolve());
        return stream;
      },
    } as unknown as KubernetesClient;
  }

  /** Waits until `count` watch streams were opened. */
  async watches(count: number) {
    while (this.streams.length < count) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
    return this.streams[count - 1];
  }
}

const send = (stream: PassThrough, type: string, object: object) =>
  stream.write(`${JSON.stringify({ type, object })}\n`);
const tick = () => new Promise(resolve => setTimeout(resolve, 5));

const limits = {
  timeoutSeconds: 300,
  maxEventBytes: 100_000,
  maxPods: 100,
  backoffInitialMs: 1000,
  backoffMaxMs: 4000,
};

describe('PodWatch', () => {
  let api: FakeApi;
  let changes: PodWatchChange[];
  let sleeps: number[];
  let watch: PodWatch;
  let identity: string;

  function start(overrides: Partial<typeof limits> = {}) {
    watch = new PodWatch({
      namespace: 'checkout-dev',
      client: () => api.client(identity),
      limits: { ...limits, ...overrides },
      onChange: change => changes.push(change),
      sleep: async ms => {
        sleeps.push(ms);
      },
    });
    watch.start();
    return watch;
  }

  beforeEach(() => {
    api = new FakeApi();
    changes = [];
    sleeps = [];
    identity = 'user:default/bob';
  });
  afterEach(() => watch?.stop());

  it('lists once without reporting, then reports changes of readiness with the workload’s ready count', async () => {
    api.lists.push(() => ({
      metadata: { resourceVersion: '100' },
      items: [
        pod('api-1', { ready: true, rv: '90' }),
        pod('api-2', { ready: true, rv: '91' }),
      ],
    }));
    start();
    await watch.whenSynced();
    const stream = await api.watches(1);
    expect(api.calls[1].request.query).toMatchObject({
      resourceVersion: '100',
      allowWatchBookmarks: true,
      timeoutSeconds: 300,
    });
    expect(changes).toEqual([]);

    send(
      stream,
      'MODIFIED',
      pod('api-1', { ready: false, rv: '101', waiting: 'CrashLoopBackOff' }),
    );
    // a status write that changes nothing shown is not reported
    send(
      stream,
      'MODIFIED',
      pod('api-1', { ready: false, rv: '102', waiting: 'CrashLoopBackOff' }),
    );
    send(stream, 'BOOKMARK', { metadata: { resourceVersion: '105' } });
    await tick();
    expect(changes).toEqual([
      {
        change: 'modified',
        state: {
          pod: 'api-1',
          ready: false,
          phase: 'Running',
          reason: 'CrashLoopBackOff',
          workload: { kind: 'Deployment', name: 'api', ready: 1 },
        },
        labels: { app: 'api', 'pod-template-hash': '5d8f' },
      },
    ]);
    expect(watch.resourceVersion).toBe('105');

    send(stream, 'DELETED', pod('api-2', { ready: true, rv: '106' }));
    send(stream, 'ADDED', pod('api-3', { ready: false, rv: '107' }));
    await tick();
    expect(
      changes
        .slice(1)
        .map(c => [
          c.change,
          c.state.pod,
          c.state.ready,
          c.state.workload?.ready,
        ]),
    ).toEqual([
      ['deleted', 'api-2', false, 0],
      ['added', 'api-3', false, 0],
    ]);
  });

  it('resumes from the last version when the server ends the watch, and backs off after failures', async () => {
    api.lists.push(() => ({ metadata: { resourceVersion: '1' }, items: [] }));
    start();
    const first = await api.watches(1);
    send(first, 'BOOKMARK', { metadata: { resourceVersion: '7' } });
    await tick();
    first.end();
    // the server ended it: reconnect at once from 7, no wait
    const second = await api.watches(2);
    expect(api.calls[2].request.query).toMatchObject({ resourceVersion: '7' });
    expect(sleeps).toEqual([]);

    // three failures in a row: waits grow (with up to a quarter jitter) up to the maximum
    second.destroy(new ServiceUnavailableError('connection reset'));
    const third = await api.watches(3);
    third.destroy(new ServiceUnavailableError('connection reset'));
    const fourth = await api.watches(4);
    fourth.destroy(new ServiceUnavailableError('connection reset'));
    const fifth = await api.watches(5);
    fifth.destroy(new ServiceUnavailableError('connection reset'));
    const sixth = await api.watches(6);
    expect(sleeps).toHaveLength(4);
    [1000, 2000, 4000, 4000].forEach((max, i) => {
      expect(sleeps[i]).toBeLessThanOrEqual(max);
      expect(sleeps[i]).toBeGreaterThanOrEqual(max * 0.75);
    });
    expect(watch.failures).toBe(4);
    // an event resets the count; every reconnect resumed from version 7 without listing again
    send(sixth, 'BOOKMARK', { metadata: { resourceVersion: '8' } });
    await tick();
    expect(watch.failures).toBe(0);
    expect(api.calls.filter(c => c.kind === 'list')).toHaveLength(1);
  });

  it('lists again after the version expired (410) and reports what changed meanwhile, pods gone included', async () => {
    api.lists.push(() => ({
      metadata: { resourceVersion: '10' },
      items: [
        pod('api-1', { ready: true, rv: '5' }),
        pod('api-2', { ready: true, rv: '6' }),
      ],
    }));
    api.lists.push(() => ({
      metadata: { resourceVersion: '50' },
      items: [
        pod('api-1', { ready: false, rv: '40', waiting: 'ImagePullBackOff' }),
      ],
    }));
    start();
    const first = await api.watches(1);
    send(first, 'ERROR', {
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: 'too old',
    });
    const second = await api.watches(2);
    expect(api.calls[2]).toMatchObject({ kind: 'list' });
    expect(api.calls[3].request.query).toMatchObject({ resourceVersion: '50' });
    expect(sleeps).toEqual([]);
    expect(changes.map(c => [c.change, c.state.pod, c.state.reason])).toEqual([
      ['modified', 'api-1', 'ImagePullBackOff'],
      ['deleted', 'api-2', undefined],
    ]);
    second.end();
  });

  it('reconnects as whoever client() names after restart(), from where it was', async () => {
    api.lists.push(() => ({ metadata: { resourceVersion: '3' }, items: [] }));
    start();
    const first = await api.watches(1);
    send(first, 'BOOKMARK', { metadata: { resourceVersion: '4' } });
    await tick();
    identity = 'user:default/alice';
    watch.restart();
    await api.watches(2);
    expect(api.calls.map(c => [c.kind, c.as])).toEqual([
      ['list', 'user:default/bob'],
      ['watch', 'user:default/bob'],
      ['watch', 'user:default/alice'],
    ]);
    expect(api.calls[2].request.query).toMatchObject({ resourceVersion: '4' });
    expect(sleeps).toEqual([]);
  });

  it('leaves out ready counts when the namespace holds more pods than it keeps', async () => {
    api.lists.push(() => ({
      metadata: { resourceVersion: '3', continue: 'more' },
      items: [pod('api-1', { ready: true, rv: '1' })],
    }));
    start({ maxPods: 1 });
    const stream = await api.watches(1);
    expect(api.calls[0].request.query).toMatchObject({ limit: 1 });
    send(stream, 'MODIFIED', pod('api-1', { ready: false, rv: '4' }));
    await tick();
    expect(changes).toHaveLength(1);
    expect(changes[0].state.workload).toBeUndefined();
  });

  it('stops for good: no reconnect after stop()', async () => {
    api.lists.push(() => ({ metadata: { resourceVersion: '3' }, items: [] }));
    start();
    await api.watches(1);
    watch.stop();
    await tick();
    await tick();
    expect(api.calls).toHaveLength(2);
  });
});
