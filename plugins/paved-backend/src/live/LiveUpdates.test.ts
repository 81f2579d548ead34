import { mockServices } from '@backstage/backend-test-utils';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  EntityLiveMessage,
  EnvironmentPlace,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  KubernetesClient,
  PodWatchChange,
} from '@paved/plugin-paved-node';
import { LiveSubscriber, LiveUpdates, LiveWatchFactory } from './LiveUpdates';
import { DEFAULT_LIVE_SETTINGS, LiveSettings } from './settings';

/** A published signal, its message as Paved sends it. */
type LivePayload = Omit<SignalPayload, 'message'> & {
  message: EntityLiveMessage;
};

const CHECKOUT_DEV: EnvironmentPlace = {
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
};
const CHECKOUT_PROD: EnvironmentPlace = {
  cluster: 'local',
  namespace: 'checkout-production',
  environment: 'production',
};
const SEARCH_DEV: EnvironmentPlace = {
  cluster: 'local',
  namespace: 'search-dev',
  environment: 'dev',
};

const identity = (user: string, team: string): ClusterIdentity => ({
  user,
  groups: [team],
});
const bob = (places = [CHECKOUT_DEV]): LiveSubscriber => ({
  user: 'user:default/bob',
  identity: identity('user:default/bob', 'group:default/team-checkout'),
  entityRef: 'component:default/checkout-api',
  selector: 'backstage.io/kubernetes-id=checkout-api',
  places,
});
const alice = (places = [CHECKOUT_DEV]): LiveSubscriber => ({
  ...bob(places),
  user: 'user:default/alice',
  identity: identity('user:default/alice', 'group:default/team-checkout'),
});
const dave = (places = [SEARCH_DEV]): LiveSubscriber => ({
  user: 'user:default/dave',
  identity: identity('user:default/dave', 'group:default/team-search'),
  entityRef: 'component:default/search-api',
  selector: 'backstage.io/kubernetes-id=search-api',
  places,
});

function podChange(id: string, name: string, ready: boolean): PodWatchChange {
  return {
    change: 'modified',
    state: {
      pod: name,
      ready,
      phase: 'Running',
      ...(ready ? {} : { reason: 'CrashLoopBackOff' }),
    },
    labels: { 'backstage.io/kubernetes-id': id },
  };
}

interface FakeWatch {
  place: EnvironmentPlace;
  client: () => KubernetesClient;
  emit: (change: PodWatchChange) => void;
  started: number;
  stopped: number;
  restarted: number;
}

describe('LiveUpdates', () => {
  let watches: FakeWatch[];
  let published: LivePayload[];
  let live: LiveUpdates;

  const service = {
    withIdentity: (who: ClusterIdentity) => ({ actingAs: who.user }),
  } as unknown as KubernetesClient;

  const createWatch: LiveWatchFactory = options => {
    const watch: FakeWatch = {
      place: options.place,
      client: options.client,
      emit: options.onChange,
      started: 0,
      stopped: 0,
      restarted: 0,
    };
    watches.push(watch);
    return {
      start: () => void (watch.started += 1),
      stop: () => void (watch.stopped += 1),
      restart: () => void (watch.restarted += 1),
      whenSynced: async () => {},
    };
  };

  function create(settings: Partial<LiveSettings> = {}) {
    live = new LiveUpdates({
      clusters: { client: async () => service },
      signals: {
        publish: async payload => {
          published.push(payload as unknown as LivePayload);
        },
      },
      logger: mockServices.logger.mock(),
      settings: { ...DEFAULT_LIVE_SETTINGS, coalesceMs: 0, ...settings },
      createWatch,
    });
    return live;
  }

  const actingAs = (watch: FakeWatch) =>
    (watch.client() as unknown as { actingAs: string }).actingAs;
  const flush = () => new Promise(resolve => setImmediate(resolve));

  beforeEach(() => {
    watches = [];
    published = [];
  });
  afterEach(() => {
    live?.close();
    jest.useRealTimers();
  });

  it('watches a namespace once, shared by every subscriber of every entity there', async () => {
    create();
    await live.subscribe(bob([CHECKOUT_DEV, CHECKOUT_PROD]));
    await live.subscribe(alice([CHECKOUT_DEV]));
    await live.subscribe({
      ...alice([CHECKOUT_DEV]),
      entityRef: 'component:default/checkout-web',
      selector: 'backstage.io/kubernetes-id=checkout-web',
    });
    // a renewal adds nothing
    await live.subscribe(bob([CHECKOUT_DEV, CHECKOUT_PROD]));
    expect(watches.map(w => [w.place.namespace, w.started])).toEqual([
      ['checkout-dev', 1],
      ['checkout-production', 1],
    ]);
    expect(live.status()).toMatchObject({
      subscriptions: 3,
      watches: [
        {
          namespace: 'checkout-dev',
          subscribers: 3,
          actingAs: 'user:default/bob',
        },
        { namespace: 'checkout-production', subscribers: 1 },
      ],
    });
  });

  it('publishes a change only on the entity’s channel, only to the users subscribed to it there', async () => {
    create();
    await live.subscribe(bob([CHECKOUT_DEV, CHECKOUT_PROD]));
    await live.subscribe(alice([CHECKOUT_PROD]));
    await live.subscribe(dave([SEARCH_DEV]));
    // dave's entity also has pods in checkout-dev? he is subscribed there for search-api only
    await live.subscribe(dave([SEARCH_DEV, CHECKOUT_DEV]));
    const dev = watches.find(w => w.place.namespace === 'checkout-dev')!;

    dev.emit(podChange('checkout-api', 'checkout-api-1', false));
    await flush();
    expect(published).toEqual([
      {
        recipients: { type: 'user', entityRef: ['user:default/bob'] },
        channel: 'paved:entity:component:default/checkout-api',
        message: {
          pods: [
            {
              ...CHECKOUT_DEV,
              change: 'modified',
              pod: 'checkout-api-1',
              ready: false,
              phase: 'Running',
              reason: 'CrashLoopBackOff',
            },
          ],
        },
      },
    ]);

    // a pod of search-api in checkout-dev goes to dave alone, on search-api's channel
    dev.emit(podChange('search-api', 'search-api-9', false));
    // a pod no subscribed entity selects goes to nobody
    dev.emit(podChange('payments-api', 'payments-api-1', false));
    await flush();
    expect(published.slice(1).map(p => [p.channel, p.recipients])).toEqual([
      [
        'paved:entity:component:default/search-api',
        { type: 'user', entityRef: ['user:default/dave'] },
      ],
    ]);
    // nothing about checkout ever reached dave, nothing about search reached bob or alice
    const reached = (user: string) =>
      published
        .filter(p =>
          (p.recipients as { entityRef: string[] }).entityRef.includes(user),
        )
        .flatMap(p => p.message.pods.map(pod => pod.pod));
    expect(reached('user:default/dave')).toEqual(['search-api-9']);
    expect(reached('user:default/bob')).toEqual(['checkout-api-1']);
    expect(reached('user:default/alice')).toEqual([]);
  });

  it('sends a change of production to the subscribers whose registration includes production only', async () => {
    create();
    await live.subscribe(bob([CHECKOUT_DEV])); // e.g. may not read production's pods
    await live.subscribe(alice([CHECKOUT_DEV, CHECKOUT_PROD]));
    const prod = watches.find(
      w => w.place.namespace === 'checkout-production',
    )!;
    prod.emit(podChange('checkout-api', 'checkout-api-p1', false));
    await flush();
    expect(published.map(p => p.recipients)).toEqual([
      { type: 'user', entityRef: ['user:default/alice'] },
    ]);
  });

  it('gathers the changes of one entity in one namespace into one message within coalesceMs', async () => {
    jest.useFakeTimers();
    create({ coalesceMs: 50 });
    await live.subscribe(bob());
    await live.subscribe(alice());
    const dev = watches[0];
    dev.emit(podChange('checkout-api', 'checkout-api-1', false));
    dev.emit(podChange('checkout-api', 'checkout-api-2', false));
    expect(published).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(60);
    expect(published).toHaveLength(1);
    expect(published[0].message.pods.map(p => p.pod)).toEqual([
      'checkout-api-1',
      'checkout-api-2',
    ]);
    expect(
      (published[0].recipients as { entityRef: string[] }).entityRef.sort(),
    ).toEqual(['user:default/alice', 'user:default/bob']);
  });

  it('acts as a remaining subscriber when the one it acted as leaves, and stops lingerSeconds after the last', async () => {
    jest.useFakeTimers();
    create({ lingerSeconds: 30 });
    await live.subscribe(bob());
    await live.subscribe(alice());
    const dev = watches[0];
    expect(actingAs(dev)).toBe('user:default/bob');

    expect(
      live.leave('user:default/bob', 'component:default/checkout-api'),
    ).toBe(true);
    expect(dev.restarted).toBe(1);
    expect(actingAs(dev)).toBe('user:default/alice');

    live.leave('user:default/alice', 'component:default/checkout-api');
    expect(live.status().watches).toMatchObject([
      { subscribers: 0, stopping: true },
    ]);
    await jest.advanceTimersByTimeAsync(29_000);
    expect(dev.stopped).toBe(0);
    // someone comes back within the linger: the same watch goes on
    await live.subscribe(bob());
    await jest.advanceTimersByTimeAsync(60_000 - 29_000 - 1);
    expect(dev.stopped).toBe(0);
    expect(watches).toHaveLength(1);

    live.leave('user:default/bob', 'component:default/checkout-api');
    await jest.advanceTimersByTimeAsync(30_000);
    expect(dev.stopped).toBe(1);
    expect(live.status()).toEqual({ subscriptions: 0, watches: [] });
    // a later subscriber gets a new watch
    await live.subscribe(bob());
    expect(watches).toHaveLength(2);
    expect(watches[1].started).toBe(1);
  });

  it('ends a registration that is not renewed within its time to live', async () => {
    jest.useFakeTimers();
    create({ subscriptionTtlSeconds: 60, lingerSeconds: 0 });
    await live.subscribe(bob());
    await jest.advanceTimersByTimeAsync(45_000);
    await live.subscribe(bob()); // renewed
    await jest.advanceTimersByTimeAsync(45_000);
    expect(live.status().subscriptions).toBe(1);
    await jest.advanceTimersByTimeAsync(16_000);
    expect(live.status()).toEqual({ subscriptions: 0, watches: [] });
    expect(watches[0].stopped).toBe(1);
    // nothing is published to a user whose registration ended
    watches[0].emit(podChange('checkout-api', 'checkout-api-1', false));
    await jest.advanceTimersByTimeAsync(10);
    expect(published).toEqual([]);
  });

  it('drops the namespaces a renewal no longer includes', async () => {
    create({ lingerSeconds: 0 });
    await live.subscribe(bob([CHECKOUT_DEV, CHECKOUT_PROD]));
    await live.subscribe(bob([CHECKOUT_DEV]));
    expect(watches.map(w => [w.place.namespace, w.stopped])).toEqual([
      ['checkout-dev', 0],
      ['checkout-production', 1],
    ]);
  });

  it('refuses more entities per user than paved.live.perUser, and more namespaces than paved.live.maxWatches', async () => {
    create({ perUser: 1, maxWatches: 2 });
    await live.subscribe(bob());
    // a renewal is not one more
    await live.subscribe(bob());
    await expect(
      live.subscribe({ ...bob(), entityRef: 'component:default/checkout-web' }),
    ).rejects.toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('paved.live.perUser = 1'),
    });
    await live.subscribe(dave([SEARCH_DEV]));
    await expect(
      live.subscribe(alice([CHECKOUT_DEV, CHECKOUT_PROD])),
    ).rejects.toMatchObject({
      name: 'TooManyRequestsError',
      message: expect.stringContaining('paved.live.maxWatches = 2'),
    });
    // the refused registration left nothing behind
    expect(live.status().subscriptions).toBe(2);
    expect(watches).toHaveLength(2);
  });

  it('stops every watch on close', async () => {
    create();
    await live.subscribe(bob([CHECKOUT_DEV, CHECKOUT_PROD]));
    live.close();
    expect(watches.map(w => w.stopped)).toEqual([1, 1]);
    expect(live.status()).toEqual({ subscriptions: 0, watches: [] });
  });
});
