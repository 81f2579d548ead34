/**
 * A small time-limited cache of promises by key: callers asking for the same key within `ttlMs` share one
 * load, a failed load is forgotten at once (the next caller tries again), and expired entries are dropped
 * whenever a new load starts. The one cache Paved's services use for their short-lived lookups.
 *
 * @public
 */
export class PromiseCache<T> {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or the one `load` gives, cached for the TTL. */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const nowMs = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > nowMs) return hit.value;
    for (const [k, entry] of this.entries) {
      if (entry.expires <= nowMs) this.entries.delete(k);
    }
    const value = load();
    this.entries.set(key, { expires: nowMs + this.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
