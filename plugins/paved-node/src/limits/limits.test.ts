import { ConfigReader } from '@backstage/config';
import { DEFAULT_PAVED_LIMITS, readPavedLimits } from './readLimits';
import { withCallTimeouts } from './withTimeout';
import { UpstreamTimeoutError } from './errors';

describe('readPavedLimits', () => {
  it('fills what the config leaves out with the defaults', () => {
    const limits = readPavedLimits(
      new ConfigReader({
        paved: {
          limits: { follows: { perUser: 1 }, timeouts: { kubernetesMs: 500 } },
        },
      }),
    );
    expect(limits.follows).toEqual({
      ...DEFAULT_PAVED_LIMITS.follows,
      perUser: 1,
    });
    expect(limits.timeouts.kubernetesMs).toBe(500);
    expect(limits.timeouts.prometheusMs).toBe(
      DEFAULT_PAVED_LIMITS.timeouts.prometheusMs,
    );
    expect(readPavedLimits(new ConfigReader({}))).toEqual(DEFAULT_PAVED_LIMITS);
  });

  it('names the key of a value that is not a positive whole number', () => {
    expect(() =>
      readPavedLimits(
        new ConfigReader({ paved: { limits: { logs: { readBytes: 0 } } } }),
      ),
    ).toThrow(
      'paved.limits.logs.readBytes must be a whole number of at least 1, got 0; remove it to use the default 1048576',
    );
  });
});

describe('withCallTimeouts', () => {
  afterEach(() => jest.useRealTimers());

  it('fails a call that takes too long with the service, method and key, and passes others through', async () => {
    jest.useFakeTimers();
    const service = {
      slow: () => new Promise<string>(() => {}),
      fast: async (x: number) => x * 2,
      plain: () => 'now',
    };
    const timed = withCallTimeouts(service, {
      timeoutMs: 1000,
      serviceName: 'The catalog',
      configKey: 'paved.limits.timeouts.catalogMs',
    });
    const slow = timed.slow().catch(error => error);
    await expect(timed.fast(21)).resolves.toBe(42);
    expect(timed.plain()).toBe('now');
    jest.advanceTimersByTime(1000);
    const error = await slow;
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect(error.message).toBe(
      'The catalog did not answer slow within 1000 ms (paved.limits.timeouts.catalogMs)',
    );
    expect(error.statusCode).toBe(504);
  });
});
