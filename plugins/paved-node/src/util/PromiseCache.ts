/** One cached load: when it started, until when it may be answered, and whether it has succeeded. */
interface Entry<T> {
  started: number;
  expires: number;
  value: Promise<T>;
  ok: boolean;
  refreshing: boolean;
}

/**
 * A small time-limited cache of promises by key: callers asking for the same key within `ttlMs` share one
 * load, a failed load is forgotten at once (the next caller tries again), and expired entries are dropped
 * whenever a new load starts. The one cache Paved's services use for their short-lived lookups.
 *
 * With `refreshAfterMs`, a caller who finds a value older than that (and still within the TTL) is answered
 * it at once while a new load starts in the background; the new value replaces the old when it succeeds (a
 * failed refresh keeps the old one until its TTL ends). A key asked for steadily is then never waited for,
 * and no answer is older than the TTL.
 *
 * @public
 */
export class PromiseCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly options: {
      /** Age (ms) after which a hit also starts a background refresh; never when absent. */
      refreshAfterMs?: number;
    } = {},
  ) {}

  /** The cached value of `key`, or the one `load` gives, cached for the TTL. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const nowMs = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > nowMs) {
      const { refreshAfterMs } = this.options;
      if (
        refreshAfterMs !== undefined &&
        hit.ok &&
        !hit.refreshing &&
        nowMs - hit.started >= refreshAfterMs
      ) {
        this.refresh(key, hit, load, nowMs);
      }
      return hit.value;
    }
    for (const [k, entry] of this.entries) {
      if (entry.expires <= nowMs) this.entries.delete(k);
    }
    return this.start(key, load, nowMs).value;
  }

  /** A load starting now, `ok` once it succeeded; `settled` is told how it ended. */
  private begin(
    load: () => Promise<T>,
    nowMs: number,
    settled: (ok: boolean) => void,
  ): Entry<T> {
    const entry: Entry<T> = {
      started: nowMs,
      expires: nowMs + this.ttlMs,
      value: load(),
      ok: false,
      refreshing: false,
    };
    entry.value.then(
      () => {
        entry.ok = true;
        settled(true);
      },
      () => settled(false),
    );
    return entry;
  }

  private start(key: string, load: () => Promise<T>, nowMs: number): Entry<T> {
    const entry = this.begin(load, nowMs, ok => {
      if (!ok && this.entries.get(key) === entry) this.entries.delete(key);
    });
    this.entries.set(key, entry);
    return entry;
  }

  /** Loads `key` again beside `hit`, which keeps being answered until the new value is there. */
  private refresh(
    key: string,
    hit: Entry<T>,
    load: () => Promise<T>,
    nowMs: number,
  ): void {
    hit.refreshing = true;
    const next = this.begin(load, nowMs, ok => {
      if (!ok) hit.refreshing = false;
      // a newer load (after the old entry expired) may have taken the key meanwhile
      else if (this.entries.get(key) === hit) this.entries.set(key, next);
    });
  }
}
