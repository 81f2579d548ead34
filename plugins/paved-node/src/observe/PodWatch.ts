import { LivePodState } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { watchObjects } from '../cluster/watch';
import { WatchedPod, podLiveState, podWorkload } from './podLiveState';

/**
 * The bounds of a {@link PodWatch}.
 *
 * @public
 */
export interface PodWatchLimits {
  /** Seconds after which the API server ends each watch request; the watch resumes from where it was. */
  timeoutSeconds: number;
  /** Bytes of one watch event before the stream is ended and started again. */
  maxEventBytes: number;
  /** Pods of the namespace kept in memory; beyond it, changes still arrive but ready counts are left out. */
  maxPods: number;
  /** First wait before reconnecting after a failure; doubled per failure in a row, up to `backoffMaxMs`. */
  backoffInitialMs: number;
  backoffMaxMs: number;
}

/**
 * One change of a watched pod: the pod's state now (with its workload's ready count when known) and its
 * labels, so that a caller can tell which entities it belongs to.
 *
 * @public
 */
export interface PodWatchChange {
  change: 'added' | 'modified' | 'deleted';
  state: LivePodState;
  labels: Record<string, string>;
}

interface CachedPod {
  state: Omit<LivePodState, 'workload'>;
  labels: Record<string, string>;
  workload?: { kind: string; name: string };
}

/** Options of a {@link PodWatch}. @public */
export interface PodWatchOptions {
  namespace: string;
  /** The client to list and watch with, asked at every (re)connect: the identity may change in between. */
  client: () => KubernetesClient;
  limits: PodWatchLimits;
  /** Called for every change of readiness, phase or reason, and for pods that appear or go away. */
  onChange: (change: PodWatchChange) => void;
  /** Called when the watch failed and will reconnect in `retryInMs`. */
  onError?: (error: Error, retryInMs: number) => void;
  /** Waits `ms` unless `signal` aborts first (tests pass their own clock). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Keeps up with the pods of one namespace: lists them once, then watches from the list's version with
 * bookmarks, reconnecting with exponential backoff after failures and listing again when the version
 * expired (HTTP 410). Reports what changed in a pod's readiness, phase or reason, not every status write.
 *
 * @public
 */
export class PodWatch {
  private readonly pods = new Map<string, CachedPod>();
  private version: string | undefined;
  private synced = false;
  private partial = false;
  private stopped = false;
  private running = false;
  private attempt: AbortController | undefined;
  private readonly stopper = new AbortController();
  private firstSync: { promise: Promise<void>; resolve: () => void };
  /** Failed attempts in a row (0 once connected). */
  failures = 0;
  /** The last failure, until the watch is connected again. */
  lastError: Error | undefined;

  constructor(private readonly options: PodWatchOptions) {
    let resolve = () => {};
    const promise = new Promise<void>(r => {
      resolve = r;
    });
    this.firstSync = { promise, resolve };
  }

  /** Starts listing and watching (once). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.run();
  }

  /** Resolves once the pods were listed and changes from then on are reported. */
  whenSynced(): Promise<void> {
    return this.firstSync.promise;
  }

  /** Ends the current stream; the watch reconnects at once from the last version with a fresh client. */
  restart(): void {
    this.attempt?.abort();
  }

  /** Stops for good. */
  stop(): void {
    this.stopped = true;
    this.attempt?.abort();
    this.stopper.abort();
  }

  /** The resource version reached. */
  get resourceVersion(): string | undefined {
    return this.version;
  }

  private get path() {
    return `/api/v1/namespaces/${encodeURIComponent(
      this.options.namespace,
    )}/pods`;
  }

  private async run(): Promise<void> {
    const { limits } = this.options;
    const sleep = this.options.sleep ?? defaultSleep;
    while (!this.stopped) {
      const attempt = new AbortController();
      this.attempt = attempt;
      const started = Date.now();
      let events = 0;
      try {
        const client = this.options.client();
        if (this.version === undefined) await this.list(client, attempt.signal);
        for await (const event of watchObjects<WatchedPod>(client, {
          path: this.path,
          resourceVersion: this.version,
          timeoutSeconds: limits.timeoutSeconds,
          maxEventBytes: limits.maxEventBytes,
          signal: attempt.signal,
          context: `watching the pods of ${this.options.namespace} on cluster "${client.cluster.name}"`,
        })) {
          events += 1;
          this.failures = 0;
          this.lastError = undefined;
          this.version = event.object.metadata?.resourceVersion ?? this.version;
          if (event.type !== 'BOOKMARK') this.apply(event.type, event.object);
        }
        // the server ended the watch (timeoutSeconds) or restart() did: resume at once, unless a stream
        // that ends as soon as it starts would make this a busy loop
        if (attempt.signal.aborted || events > 0 || Date.now() - started > 1000)
          continue;
        throw new Error(
          `the watch of the pods of ${this.options.namespace} ended at once`,
        );
      } catch (error) {
        if (this.stopped) break;
        if (attempt.signal.aborted) continue;
        if ((error as Error | undefined)?.name === 'WatchExpiredError') {
          this.version = undefined;
          continue;
        }
        this.failures += 1;
        this.lastError = error as Error;
        const delay = Math.min(
          limits.backoffMaxMs,
          limits.backoffInitialMs * 2 ** (this.failures - 1),
        );
        // up to a quarter less, so that watches cut by one outage do not all come back at the same moment
        const wait = Math.round(delay * (1 - Math.random() * 0.25));
        this.options.onError?.(error as Error, wait);
        await sleep(wait, this.stopper.signal);
      }
    }
  }

  private async list(client: KubernetesClient, signal: AbortSignal) {
    const list = await client.request<{
      metadata?: { resourceVersion?: string; continue?: string };
      items?: WatchedPod[];
    }>({
      path: this.path,
      query: { limit: this.options.limits.maxPods },
      signal,
      context: `listing the pods of ${this.options.namespace} on cluster "${client.cluster.name}"`,
    });
    const seen = new Set<string>();
    const report = this.synced;
    this.partial = Boolean(list.metadata?.continue);
    for (const pod of list.items ?? []) {
      seen.add(pod.metadata.name);
      this.apply('MODIFIED', pod, report);
    }
    // pods that went away while the watch was not connected
    for (const [name, cached] of [...this.pods]) {
      if (seen.has(name) || this.partial) continue;
      this.pods.delete(name);
      if (report) this.emit('deleted', cached);
    }
    this.version = list.metadata?.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      this.firstSync.resolve();
    }
  }

  private apply(type: string, pod: WatchedPod, report = true) {
    const name = pod.metadata?.name;
    if (!name) return;
    const previous = this.pods.get(name);
    const next: CachedPod = {
      state: podLiveState(pod),
      labels: pod.metadata.labels ?? {},
      workload: podWorkload(pod),
    };
    if (type === 'DELETED') {
      this.pods.delete(name);
      if (report) this.emit('deleted', next);
      return;
    }
    if (previous || this.pods.size < this.options.limits.maxPods) {
      this.pods.set(name, next);
    } else {
      this.partial = true;
    }
    if (!report) return;
    if (!previous) {
      this.emit(this.pods.has(name) ? 'added' : 'modified', next);
    } else if (
      previous.state.ready !== next.state.ready ||
      previous.state.phase !== next.state.phase ||
      previous.state.reason !== next.state.reason
    ) {
      this.emit('modified', next);
    }
  }

  private emit(change: PodWatchChange['change'], pod: CachedPod) {
    const state: LivePodState = { ...pod.state };
    if (pod.workload && !this.partial) {
      let ready = 0;
      for (const other of this.pods.values()) {
        if (
          other.state.ready &&
          other.workload?.kind === pod.workload.kind &&
          other.workload.name === pod.workload.name
        ) {
          ready += 1;
        }
      }
      state.workload = { ...pod.workload, ready };
    }
    if (change === 'deleted') state.ready = false;
    this.options.onChange({ change, state, labels: pod.labels });
  }
}
