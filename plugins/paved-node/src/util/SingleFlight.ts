/**
 * Runs one piece of work per key at a time: callers asking for a key whose work is still running get that
 * work's promise instead of starting it again; once it settles (fulfilled or not) the next caller starts
 * anew. Nothing is kept after that (see `PromiseCache` for answers kept for a while).
 *
 * @public
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The running work of `key`, or `work()` started now. */
  run(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const started = work().finally(() => {
      if (this.running.get(key) === started) this.running.delete(key);
    });
    this.running.set(key, started);
    return started;
  }
}
