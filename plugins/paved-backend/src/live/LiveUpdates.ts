import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalPayload, SignalsService } from '@backstage/plugin-signals-node';
import {
  EntityLiveMessage,
  EnvironmentPlace,
  LivePodChange,
  entityLiveChannel,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  KubernetesClient,
  LabelMatcher,
  PodWatch,
  PodWatchChange,
  TooManyRequestsError,
  compileLabelSelector,
} from '@paved/plugin-paved-node';
import { LiveSettings } from './settings';

/**
 * A user's interest in one entity's live updates: who (the signal's recipient and the cluster identity
 * the shared watch may act as), which entity, how its pods are selected, and the environments where the
 * user may read them (checked before subscribing).
 */
export interface LiveSubscriber {
  /** The user's entity ref: the only recipient of what this subscription brings. */
  user: string;
  identity: ClusterIdentity;
  entityRef: string;
  /** The entity's label selector. */
  selector: string;
  places: EnvironmentPlace[];
}

/** What a shared watch of one namespace needs to be: started, stopped, and reconnected as someone else. */
export interface LiveWatch {
  start(): void;
  stop(): void;
  /** Reconnects from where it was with the client the factory's `client()` gives now. */
  restart(): void;
  whenSynced(): Promise<void>;
}

/** Makes the watch of one namespace (a {@link PodWatch} unless tests give their own). */
export type LiveWatchFactory = (options: {
  place: EnvironmentPlace;
  client: () => KubernetesClient;
  onChange: (change: PodWatchChange) => void;
  onError: (error: Error, retryInMs: number) => void;
}) => LiveWatch;

interface Subscription extends LiveSubscriber {
  key: string;
  matches: LabelMatcher;
  expiry: NodeJS.Timeout;
}

interface SharedWatch {
  place: EnvironmentPlace;
  watch: LiveWatch;
  /** Keys of the subscriptions that include this namespace. */
  subscribers: Set<string>;
  /** The subscription whose user the watch acts as. */
  holder: string;
  holderIdentity: ClusterIdentity;
  linger?: NodeJS.Timeout;
}

const placeKey = (p: { cluster: string; namespace: string }) =>
  `${p.cluster}/${p.namespace}`;

/** Changes in one message at most; more go in several. */
const MAX_CHANGES_PER_MESSAGE = 100;

/**
 * Live updates of entities' pods over Backstage Signals. Users register interest in an entity (with a
 * time to live, renewed while the page is open); each namespace with at least one subscriber is watched
 * once, shared by every subscriber of every entity there, and stopped `lingerSeconds` after the last
 * leaves. The watch acts as one of its subscribers (impersonated, like every read of the Platform tab),
 * switching to another when that one leaves. A change is published on the channel of each entity whose
 * selector matches the pod, only to the users subscribed to that entity in that namespace.
 */
export class LiveUpdates {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly watches = new Map<string, SharedWatch>();
  private readonly pending = new Map<
    string,
    { entityRef: string; watchKey: string; changes: PodWatchChange[] }
  >();
  private closed = false;

  constructor(
    private readonly deps: {
      clusters: { client(cluster: string): Promise<KubernetesClient> };
      signals: Pick<SignalsService, 'publish'>;
      logger: LoggerService;
      settings: LiveSettings;
      createWatch?: LiveWatchFactory;
    },
  ) {}

  /**
   * Registers or renews `subscriber`'s interest for `subscriptionTtlSeconds`, replacing the places of an
   * earlier registration. Throws a `TooManyRequestsError` naming the limit when the user follows too many
   * entities already, or this backend watches too many namespaces.
   */
  async subscribe(subscriber: LiveSubscriber): Promise<void> {
    const { settings } = this.deps;
    const key = `${subscriber.user}\n${subscriber.entityRef}`;
    const existing = this.subscriptions.get(key);
    if (!existing) {
      const mine = [...this.subscriptions.values()].filter(
        s => s.user === subscriber.user,
      ).length;
      if (mine >= settings.perUser) {
        throw new TooManyRequestsError(
          `${subscriber.user} already follows ${mine} entities live, the most one user may (paved.live.perUser = ${settings.perUser}); close the Platform tab of another entity, or reload this one later`,
        );
      }
    }
    const fresh = new Set(
      subscriber.places
        .map(placeKey)
        .filter(watchKey => !this.watches.has(watchKey)),
    );
    if (this.watches.size + fresh.size > settings.maxWatches) {
      throw new TooManyRequestsError(
        `Live updates of ${subscriber.entityRef} need ${fresh.size} more namespace watches, but this backend already watches ${this.watches.size} (paved.live.maxWatches = ${settings.maxWatches}); the page shows what it loaded, and live updates start once fewer pages are open`,
      );
    }
    // the clusters' clients first, so that nothing below waits and no other call sees half a registration
    const services = new Map<string, KubernetesClient>();
    for (const cluster of new Set(subscriber.places.map(p => p.cluster))) {
      services.set(cluster, await this.deps.clusters.client(cluster));
    }
    if (this.closed) return;
    const current = this.subscriptions.get(key);
    if (current) clearTimeout(current.expiry);
    const subscription: Subscription = {
      ...subscriber,
      key,
      matches: compileLabelSelector(subscriber.selector),
      expiry: setTimeout(
        () => this.leave(subscriber.user, subscriber.entityRef),
        settings.subscriptionTtlSeconds * 1000,
      ),
    };
    subscription.expiry.unref?.();
    this.subscriptions.set(key, subscription);
    const wanted = new Set(subscriber.places.map(placeKey));
    for (const place of current?.places ?? []) {
      if (!wanted.has(placeKey(place))) this.detach(placeKey(place), key);
    }
    for (const place of subscriber.places) {
      this.attach(place, subscription, services.get(place.cluster)!);
    }
  }

  /** Ends `user`'s interest in `entityRef` at once; false when there was none. */
  leave(user: string, entityRef: string): boolean {
    const key = `${user}\n${entityRef}`;
    const subscription = this.subscriptions.get(key);
    if (!subscription) return false;
    clearTimeout(subscription.expiry);
    this.subscriptions.delete(key);
    for (const place of subscription.places) {
      this.detach(placeKey(place), key);
    }
    return true;
  }

  /**
   * Resolves once the watches of `places` have listed their pods, so that every change from then on is
   * reported; after `timeoutMs` at the latest (a watch that cannot list yet keeps trying in the background).
   */
  async whenWatching(
    places: EnvironmentPlace[],
    timeoutMs: number,
  ): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(
        places.map(p => this.watches.get(placeKey(p))?.watch.whenSynced()),
      ),
      new Promise<void>(resolve => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** What is open now: subscriptions, and each watched namespace with its subscribers and whom it acts as. */
  status() {
    return {
      subscriptions: this.subscriptions.size,
      watches: [...this.watches.values()].map(w => ({
        cluster: w.place.cluster,
        namespace: w.place.namespace,
        subscribers: w.subscribers.size,
        actingAs: w.holderIdentity.user,
        stopping: Boolean(w.linger),
      })),
    };
  }

  /** Stops every watch and forgets every subscription (backend shutdown). */
  close(): void {
    this.closed = true;
    for (const subscription of this.subscriptions.values()) {
      clearTimeout(subscription.expiry);
    }
    this.subscriptions.clear();
    for (const shared of this.watches.values()) {
      clearTimeout(shared.linger);
      shared.watch.stop();
    }
    this.watches.clear();
    this.pending.clear();
  }

  private attach(
    place: EnvironmentPlace,
    subscription: Subscription,
    service: KubernetesClient,
  ) {
    const watchKey = placeKey(place);
    let shared = this.watches.get(watchKey);
    if (!shared) {
      const logger = this.deps.logger.child({
        cluster: place.cluster,
        namespace: place.namespace,
      });
      const created: SharedWatch = {
        place,
        subscribers: new Set(),
        holder: subscription.key,
        holderIdentity: subscription.identity,
        watch: undefined as unknown as LiveWatch,
      };
      created.watch = (this.deps.createWatch ?? this.podWatch)({
        place,
        client: () => service.withIdentity(created.holderIdentity),
        onChange: change => this.route(watchKey, change),
        onError: (error, retryInMs) =>
          logger.warn(
            `Live updates: the watch of the pods of ${place.namespace} on cluster "${place.cluster}" failed, reconnecting in ${retryInMs} ms: ${error.message}`,
          ),
      });
      this.watches.set(watchKey, created);
      created.watch.start();
      shared = created;
    }
    clearTimeout(shared.linger);
    shared.linger = undefined;
    shared.subscribers.add(subscription.key);
    if (shared.holder === subscription.key) {
      // a renewal may carry other groups: the next reconnect uses them
      shared.holderIdentity = subscription.identity;
    }
  }

  private detach(watchKey: string, key: string) {
    const shared = this.watches.get(watchKey);
    if (!shared) return;
    shared.subscribers.delete(key);
    if (shared.subscribers.size === 0) {
      const stop = () => {
        if (this.watches.get(watchKey) !== shared) return;
        shared.watch.stop();
        this.watches.delete(watchKey);
      };
      if (this.deps.settings.lingerSeconds === 0) {
        stop();
        return;
      }
      shared.linger = setTimeout(stop, this.deps.settings.lingerSeconds * 1000);
      shared.linger.unref?.();
      return;
    }
    if (shared.holder === key) {
      // the watch acts as someone still subscribed from now on
      const next = this.subscriptions.get([...shared.subscribers][0])!;
      shared.holder = next.key;
      shared.holderIdentity = next.identity;
      shared.watch.restart();
    }
  }

  private readonly podWatch: LiveWatchFactory = options =>
    new PodWatch({
      namespace: options.place.namespace,
      client: options.client,
      limits: this.deps.settings.watch,
      onChange: options.onChange,
      onError: options.onError,
    });

  /** Queues a change for every entity in the namespace whose selector matches the pod. */
  private route(watchKey: string, change: PodWatchChange) {
    const shared = this.watches.get(watchKey);
    if (!shared) return;
    const entities = new Set<string>();
    for (const key of shared.subscribers) {
      const subscription = this.subscriptions.get(key);
      if (subscription?.matches(change.labels)) {
        entities.add(subscription.entityRef);
      }
    }
    for (const entityRef of entities) {
      const pendingKey = `${entityRef}\n${watchKey}`;
      const queued = this.pending.get(pendingKey);
      if (queued) {
        queued.changes.push(change);
        continue;
      }
      this.pending.set(pendingKey, {
        entityRef,
        watchKey,
        changes: [change],
      });
      if (this.deps.settings.coalesceMs === 0) {
        void this.flush(pendingKey);
      } else {
        setTimeout(
          () => void this.flush(pendingKey),
          this.deps.settings.coalesceMs,
        ).unref?.();
      }
    }
  }

  /** Publishes an entity's queued changes in one namespace to the users subscribed to it there now. */
  private async flush(pendingKey: string) {
    const queued = this.pending.get(pendingKey);
    this.pending.delete(pendingKey);
    const shared = queued && this.watches.get(queued.watchKey);
    if (!queued || !shared) return;
    const recipients = [
      ...new Set(
        [...shared.subscribers]
          .map(key => this.subscriptions.get(key))
          .filter(s => s?.entityRef === queued.entityRef)
          .map(s => s!.user),
      ),
    ];
    if (recipients.length === 0) return;
    const pods: LivePodChange[] = queued.changes.map(({ change, state }) => ({
      cluster: shared.place.cluster,
      namespace: shared.place.namespace,
      environment: shared.place.environment,
      change,
      ...state,
    }));
    for (let i = 0; i < pods.length; i += MAX_CHANGES_PER_MESSAGE) {
      const message: EntityLiveMessage = {
        pods: pods.slice(i, i + MAX_CHANGES_PER_MESSAGE),
      };
      try {
        await this.deps.signals.publish({
          recipients: { type: 'user', entityRef: recipients },
          channel: entityLiveChannel(queued.entityRef),
          // the message is plain JSON; its declared type has no index signature
          message: message as unknown as SignalPayload['message'],
        });
      } catch (error) {
        this.deps.logger.warn(
          `Live updates: could not publish a change of ${
            queued.entityRef
          }'s pods: ${(error as Error).message}`,
        );
      }
    }
  }
}
