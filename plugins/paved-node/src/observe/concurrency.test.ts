import { mapWithConcurrency } from './concurrency';

/** A call that resolves when the test says so, to control the order in which calls finish. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = () => new Promise(resolve => setImmediate(resolve));

describe('mapWithConcurrency', () => {
  it('keeps the order of the items, whatever order the calls finish in', async () => {
    const calls = [0, 1, 2, 3].map(() => deferred<string>());
    const result = mapWithConcurrency(
      [0, 1, 2, 3],
      4,
      (_, i) => calls[i].promise,
    );
    calls[3].resolve('d');
    calls[1].resolve('b');
    calls[0].resolve('a');
    calls[2].resolve('c');
    await expect(result).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('runs at most `limit` calls at once and passes each item with its index', async () => {
    let running = 0;
    let most = 0;
    const seen: Array<[string, number]> = [];
    const result = await mapWithConcurrency(
      ['a', 'b', 'c', 'd', 'e'],
      2,
      async (item, index) => {
        seen.push([item, index]);
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        return item.toUpperCase();
      },
    );
    expect(result).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(most).toBe(2);
    expect(seen).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ]);
  });

  it.each([0, -3, 0.5])(
    'runs one call at a time for a limit of %p',
    async limit => {
      let running = 0;
      let most = 0;
      await mapWithConcurrency([1, 2, 3], limit, async () => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
      });
      expect(most).toBe(1);
    },
  );

  it('rejects with the first failure and starts no call after it', async () => {
    const started: number[] = [];
    const calls = [0, 1, 2, 3].map(() => deferred<number>());
    const result = mapWithConcurrency([0, 1, 2, 3], 2, (_, i) => {
      started.push(i);
      return calls[i].promise;
    });
    await tick();
    expect(started).toEqual([0, 1]);
    calls[0].reject(new Error('cluster east is down'));
    await expect(result).rejects.toThrow('cluster east is down');
    calls[1].resolve(1);
    await tick();
    expect(started).toEqual([0, 1]);
  });

  it('maps nothing to nothing', async () => {
    const fn = jest.fn();
    await expect(mapWithConcurrency([], 3, fn)).resolves.toEqual([]);
    expect(fn).not.toHaveBeenCalled();
  });
});
