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
});
