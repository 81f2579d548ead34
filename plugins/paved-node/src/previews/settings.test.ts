import { ConfigReader } from '@backstage/config';
import { CostPrices } from '../cost/prices';
import { readEnvironmentSettings } from '../environments/settings';
import {
  monthlyCostOfSize,
  previewSize,
  readPreviewSettings,
} from './settings';

const prices: CostPrices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};
const { sizes } = readEnvironmentSettings(new ConfigReader({}));

describe('readPreviewSettings', () => {
  it('has defaults for everything and no secret, which keeps previews off', () => {
    expect(readPreviewSettings(new ConfigReader({}))).toEqual({
      webhookSecret: undefined,
      webhookUrl: undefined,
      sourceEnvironment: 'dev',
      cluster: undefined,
      ttlHours: 72,
      maxPerTeam: 3,
      monthlyCostCap: undefined,
      rolloutTimeoutMs: 120_000,
    });
  });

  it.each([
    [
      { webhookSecret: 'short' },
      'webhookSecret must be at least 16 characters',
    ],
    [
      { maxPerTeam: 0 },
      'paved.git.previews.maxPerTeam must be a number above 0',
    ],
    [{ maxPerTeam: 1.5 }, 'maxPerTeam must be a whole number'],
    [
      { monthlyCostCap: -5 },
      'paved.git.previews.monthlyCostCap must be a number above 0',
    ],
  ])('names the key of a bad value (%#)', (previews, message) => {
    expect(() =>
      readPreviewSettings(new ConfigReader({ paved: { git: { previews } } })),
    ).toThrow(message);
  });
});

describe('previewSize', () => {
  it('prices a size at its full quota: CPU and memory requests for a month', () => {
    // small: 2 cores and 4 GiB for 730 hours
    expect(monthlyCostOfSize(sizes.small, prices)).toBeCloseTo(
      (2 * 0.0316 + 4 * 0.0042) * 730,
      6,
    );
  });

  it('is small without a cap', () => {
    expect(previewSize(sizes, { cluster: 'local' })).toEqual({ size: 'small' });
  });

  it('is the largest size whose quota the cap pays for', () => {
    expect(
      previewSize(sizes, { monthlyCostCap: 150, prices, cluster: 'local' }),
    ).toEqual({
      size: 'small',
      monthlyCost: monthlyCostOfSize(sizes.small, prices),
    });
    expect(
      previewSize(sizes, { monthlyCostCap: 300, prices, cluster: 'local' }),
    ).toMatchObject({ size: 'medium' });
  });

  it('refuses, saying why, when no size fits the cap or there are no prices to check it', () => {
    expect(
      previewSize(sizes, { monthlyCostCap: 10, prices, cluster: 'local' }),
    ).toEqual({
      refused:
        'the smallest size (small) costs 58.40 USD a month at full quota, above the preview cap of 10 USD (paved.git.previews.monthlyCostCap)',
    });
    expect(previewSize(sizes, { monthlyCostCap: 100, cluster: 'two' })).toEqual(
      {
        refused:
          'paved.git.previews.monthlyCostCap is set but cluster two has no prices (paved.cost.prices.two)',
      },
    );
  });
});
