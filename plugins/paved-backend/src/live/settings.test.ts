import { ConfigReader } from '@backstage/config';
import { DEFAULT_LIVE_SETTINGS, readLiveSettings } from './settings';

describe('readLiveSettings', () => {
  it('fills in the defaults', () => {
    expect(readLiveSettings(new ConfigReader({}))).toEqual(
      DEFAULT_LIVE_SETTINGS,
    );
  });

  it('reads paved.live, nested watch bounds included', () => {
    const settings = readLiveSettings(
      new ConfigReader({
        paved: {
          live: {
            enabled: false,
            perUser: 2,
            lingerSeconds: 0,
            watch: { timeoutSeconds: 60, maxPods: 10 },
          },
        },
      }),
    );
    expect(settings).toMatchObject({
      enabled: false,
      perUser: 2,
      lingerSeconds: 0,
      watch: { timeoutSeconds: 60, maxPods: 10, backoffMaxMs: 30_000 },
    });
  });

  it('refuses a value out of range, naming the key and the default', () => {
    expect(() =>
      readLiveSettings(
        new ConfigReader({ paved: { live: { subscriptionTtlSeconds: 5 } } }),
      ),
    ).toThrow(
      'paved.live.subscriptionTtlSeconds must be a whole number of at least 10, got 5; remove it to use the default 60',
    );
    expect(() =>
      readLiveSettings(
        new ConfigReader({ paved: { live: { watch: { maxPods: 1.5 } } } }),
      ),
    ).toThrow(/paved\.live\.watch\.maxPods must be a whole number/);
  });
});
