import { SingleFlight } from './SingleFlight';

describe('SingleFlight', () => {
  it('shares the running work of a key with the callers who ask meanwhile, and starts anew once it settled', async () => {
    const flights = new SingleFlight<number>();
    let finish: (value: number) => void = () => {};
    const work = jest.fn(
      () => new Promise<number>(resolve => (finish = resolve)),
    );
    const first = flights.run('a', work);
    const second = flights.run('a', work);
    expect(work).toHaveBeenCalledTimes(1);
    finish(1);
    expect(await Promise.all([first, second])).toEqual([1, 1]);
    const third = flights.run('a', work);
    expect(work).toHaveBeenCalledTimes(2);
    finish(2);
    expect(await third).toBe(2);
  });

  it('keeps keys apart, and lets the next caller try again after a failure', async () => {
    const flights = new SingleFlight<string>();
    const failing = flights.run('a', async () => {
      throw new Error('down');
    });
    const other = flights.run('b', async () => 'b');
    await expect(failing).rejects.toThrow('down');
    expect(await other).toBe('b');
    expect(await flights.run('a', async () => 'up')).toBe('up');
  });
});
