import { PromiseCache } from './PromiseCache';

describe('PromiseCache', () => {
  it('shares one load per key within the TTL and loads again after it', async () => {
    let now = 1_000;
    const cache = new PromiseCache<number>(100, () => now);
    const load = jest.fn(async () => now);
    expect(await cache.get('a', load)).toBe(1_000);
    now = 1_099;
    expect(await cache.get('a', load)).toBe(1_000);
    expect(load).toHaveBeenCalledTimes(1);
    now = 1_100;
    expect(await cache.get('a', load)).toBe(1_100);
    expect(load).toHaveBeenCalledTimes(2);
    // other keys load on their own
    expect(await cache.get('b', load)).toBe(1_100);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('forgets a failed load at once', async () => {
    const cache = new PromiseCache<string>(60_000, () => 0);
    await expect(
      cache.get('k', async () => {
        throw new Error('down');
      }),
    ).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  describe('with refreshAfterMs', () => {
    it('answers the cached value at once and refreshes it in the background once it is old enough', async () => {
      let now = 1_000;
      const cache = new PromiseCache<number>(100, () => now, {
        refreshAfterMs: 60,
      });
      const load = jest.fn(async () => now);
      expect(await cache.get('a', load)).toBe(1_000);
      now = 1_059;
      expect(await cache.get('a', load)).toBe(1_000);
      expect(load).toHaveBeenCalledTimes(1);
      now = 1_060;
      // old enough: still this answer to every caller meanwhile, and one refresh (not one per caller)
      expect(
        await Promise.all([cache.get('a', load), cache.get('a', load)]),
      ).toEqual([1_000, 1_000]);
      expect(load).toHaveBeenCalledTimes(2);
      // the refreshed value is answered from then on, and lives its own TTL
      now = 1_099;
      expect(await cache.get('a', load)).toBe(1_060);
      now = 1_119;
      expect(await cache.get('a', load)).toBe(1_060);
      expect(load).toHaveBeenCalledTimes(2);
    });

    it('keeps the old value when a refresh fails, tries again on a later hit, and never answers past the TTL', async () => {
      let now = 0;
      const cache = new PromiseCache<string>(100, () => now, {
        refreshAfterMs: 50,
      });
      expect(await cache.get('a', async () => 'first')).toBe('first');
      now = 50;
      const failing = jest.fn(async (): Promise<string> => {
        throw new Error('down');
      });
      expect(await cache.get('a', failing)).toBe('first');
      await new Promise(setImmediate);
      expect(failing).toHaveBeenCalledTimes(1);
      // the failed refresh left the old value; this hit refreshes again, and that one succeeds
      now = 99;
      expect(await cache.get('a', async () => 'second')).toBe('first');
      await new Promise(setImmediate);
      now = 100;
      expect(await cache.get('a', async () => 'unused')).toBe('second');
      // without a hit to refresh it, a value is loaded anew once its TTL is over
      expect(await cache.get('b', async () => 'old')).toBe('old');
      now = 200;
      expect(await cache.get('b', async () => 'new')).toBe('new');
    });

    it('does not refresh a load still in flight', async () => {
      let now = 0;
      const cache = new PromiseCache<string>(100, () => now, {
        refreshAfterMs: 10,
      });
      let finish: (value: string) => void = () => {};
      const slow = jest.fn(
        () => new Promise<string>(resolve => (finish = resolve)),
      );
      const first = cache.get('a', slow);
      now = 50;
      const second = cache.get('a', slow);
      expect(slow).toHaveBeenCalledTimes(1);
      finish('done');
      expect(await Promise.all([first, second])).toEqual(['done', 'done']);
    });
  });
});
