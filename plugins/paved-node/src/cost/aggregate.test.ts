import { InputError } from '@backstage/errors';
import { aggregateCosts, costReports } from './aggregate';
import { costWindow, projectMonth } from './costCalendar';
import { IDLE_GROUP, UNALLOCATED_GROUP } from './costGroups';
import { allocateCosts } from './allocation';
import { CostPrices } from './prices';
import { CostInput, PodSamples } from './types';

const H = 3600;
const utc = (month: number, day: number, hour = 0) =>
  Date.UTC(2025, month - 1, day, hour) / 1000;

const prices: CostPrices = {
  cpuCoreHour: 0.04,
  memoryGiBHour: 0.005,
  storageGiBMonth: 0.073,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

/** Hourly samples of a constant CPU request from `from` to `to`. */
function steady(
  name: string,
  namespace: string,
  cores: number,
  from: number,
  to: number,
  labels?: Record<string, string>,
): PodSamples {
  const hours = (to - from) / H;
  return {
    namespace,
    pod: name,
    ...(labels && { labels }),
    start: from,
    end: to,
    timestamps: Float64Array.from({ length: hours }, (_, k) => from + k * H),
    cpuRequestCores: new Float64Array(hours).fill(cores),
  };
}

// now: 2025-06-03 12:00 UTC; June has 720 hours, 60 of them have passed
const now = utc(6, 3, 12);
const namespaceLabels = {
  'checkout-dev': { 'paved.dev/team': 'group.default.team-checkout' },
  'checkout-production': { 'paved.dev/team': 'group.default.team-checkout' },
  'search-dev': {},
};

function report(input: Partial<CostInput>, p: CostPrices = prices) {
  const result = allocateCosts(
    { cluster: 'local', pods: [], namespaceLabels, ...input },
    p,
    costWindow(now),
  );
  return (dimension: Parameters<typeof aggregateCosts>[1]) =>
    aggregateCosts(result, dimension);
}

describe('costWindow', () => {
  it('reaches back to the month start or 30 days, whichever is earlier', () => {
    // 2025-06-10 12:00: the 30 days start on May 12; the month on June 1
    expect(costWindow(utc(6, 10, 12))).toEqual({
      start: utc(5, 12),
      end: utc(6, 10, 12),
    });
    // 2025-06-30 12:00: 30 days start on June 1, the month too
    expect(costWindow(utc(6, 30, 12)).start).toBe(utc(6, 1));
    expect(costWindow(utc(6, 10), 7).start).toBe(utc(6, 1));
  });
});

describe('projectMonth', () => {
  it('extrapolates the month-to-date rate over the elapsed hours', () => {
    // 90 spent in 216 hours (June 1–9), June has 720 hours: 90 / 216 × 720 = 300
    expect(projectMonth(90, 216, 720)).toBeCloseTo(300, 10);
    expect(projectMonth(0, 0, 720)).toBe(0);
  });
});

describe('aggregateCosts', () => {
  // checkout-api: 1 core from May 31 00:00 to now → 0.04 per hour, 0.96 per day
  // search-api:   0.5 cores from June 2 00:00 to now → 0.02 per hour
  // checkout-old: 1 core on May 20 only (before the month: in the daily series, not month-to-date)
  const byDimension = report({
    pods: [
      steady(
        'checkout-api-7d9f8c6b5d-x2x4z',
        'checkout-dev',
        1,
        utc(5, 31),
        now,
        {
          'backstage.io/kubernetes-id': 'checkout-api',
        },
      ),
      steady('search-api-5b7c9d8f6-abcde', 'search-dev', 0.5, utc(6, 2), now),
      steady(
        'checkout-old-0',
        'checkout-production',
        1,
        utc(5, 20),
        utc(5, 21),
        {
          'backstage.io/kubernetes-id': 'checkout-api',
        },
      ),
    ],
  });

  it('sums month-to-date and projects the month per workload', () => {
    const workloads = byDimension('workload');
    expect(workloads.elapsedHours).toBe(60);
    expect(workloads.monthHours).toBe(720);
    const api = workloads.groups.find(
      g => g.key === 'checkout-dev/checkout-api',
    )!;
    // June 1 00:00 → June 3 12:00 = 60 h × 0.04 = 2.4; projected 2.4 / 60 × 720 = 28.8
    expect(api.name).toBe('checkout-api');
    expect(api.namespace).toBe('checkout-dev');
    expect(api.total).toBeCloseTo(2.4, 10);
    expect(api.cpu).toBeCloseTo(2.4, 10);
    expect(api.projected).toBeCloseTo(28.8, 10);
    const search = workloads.groups.find(
      g => g.key === 'search-dev/search-api',
    )!;
    // 36 h × 0.02 = 0.72; projected 0.72 / 60 × 720 = 8.64
    expect(search.total).toBeCloseTo(0.72, 10);
    expect(search.projected).toBeCloseTo(8.64, 10);
    const old = workloads.groups.find(
      g => g.key === 'checkout-production/checkout-old',
    )!;
    expect(old.total).toBe(0);
    expect(workloads.groups[0]).toBe(api); // most expensive first
  });

  it('gives a daily series of the last 30 days', () => {
    const workloads = byDimension('workload');
    expect(workloads.days).toHaveLength(30);
    expect(workloads.days[0]).toBe('2025-05-05');
    expect(workloads.days[29]).toBe('2025-06-03');
    const api = workloads.groups.find(
      g => g.key === 'checkout-dev/checkout-api',
    )!;
    // May 31, June 1, June 2: 24 h × 0.04 = 0.96 each; June 3 (until 12:00): 0.48
    expect(api.daily.slice(26)).toEqual([
      expect.closeTo(0.96, 10),
      expect.closeTo(0.96, 10),
      expect.closeTo(0.96, 10),
      expect.closeTo(0.48, 10),
    ]);
    expect(api.daily.slice(0, 26).every(v => v === 0)).toBe(true);
    const old = workloads.groups.find(
      g => g.key === 'checkout-production/checkout-old',
    )!;
    // May 20 is day 15 of the series: 24 h × 0.04
    expect(old.daily[15]).toBeCloseTo(0.96, 10);
  });

  it('groups by component, environment and team', () => {
    const components = byDimension('component');
    expect(components.groups.map(g => [g.key, g.total])).toEqual([
      ['checkout-api', expect.closeTo(2.4, 10)],
      [UNALLOCATED_GROUP, expect.closeTo(0.72, 10)],
    ]);
    const environments = byDimension('environment');
    expect(environments.groups.map(g => g.key)).toEqual([
      'checkout-dev',
      'search-dev',
      'checkout-production',
    ]);
    const teams = byDimension('team');
    expect(teams.groups.map(g => [g.key, g.total, g.projected])).toEqual([
      [
        'group:default/team-checkout',
        expect.closeTo(2.4, 10),
        expect.closeTo(28.8, 10),
      ],
      [UNALLOCATED_GROUP, expect.closeTo(0.72, 10), expect.closeTo(8.64, 10)],
    ]);
    expect(teams.total.total).toBeCloseTo(3.12, 10);
    expect(teams.total.projected).toBeCloseTo(37.44, 10);
    expect(teams.total.daily[29]).toBeCloseTo(0.48 + 0.24, 10);
  });

  it('gives several reports at once', () => {
    const result = allocateCosts(
      {
        cluster: 'local',
        pods: [steady('a-0', 'checkout-dev', 1, utc(6, 1), now)],
        namespaceLabels,
      },
      prices,
      costWindow(now),
    );
    expect(costReports(result, ['team', 'workload'])).toEqual([
      aggregateCosts(result, 'team'),
      aggregateCosts(result, 'workload'),
    ]);
  });

  it('reports idle cost that is not shared as __idle__', () => {
    // capacity 2 cores from June 3 00:00 for 12 h: 12 × 2 × 0.04 = 0.96; allocated 12 × 1.5 × 0.04 = 0.72
    const withIdle = report({
      pods: [
        steady('a-0', 'checkout-dev', 1, utc(6, 3), now),
        steady('b-0', 'search-dev', 0.5, utc(6, 3), now),
      ],
      capacity: {
        timestamps: Float64Array.from(
          { length: 12 },
          (_, k) => utc(6, 3) + k * H,
        ),
        cpuCores: new Float64Array(12).fill(2),
        memoryBytes: new Float64Array(12).fill(0),
      },
    })('team');
    const idle = withIdle.groups.find(g => g.key === IDLE_GROUP)!;
    expect(idle.idle).toBeCloseTo(0.24, 10);
    expect(idle.daily[29]).toBeCloseTo(0.24, 10);
    expect(withIdle.total.total).toBeCloseTo(0.96, 10);
  });

  it('refuses an allocation that does not reach back to the month start', () => {
    const result = allocateCosts({ cluster: 'local', pods: [] }, prices, {
      start: utc(6, 2),
      end: now,
    });
    expect(() => aggregateCosts(result, 'team')).toThrow(InputError);
    const hourly = allocateCosts({ cluster: 'local', pods: [] }, prices, {
      ...costWindow(now),
      bucketSeconds: H,
    });
    expect(() => aggregateCosts(hourly, 'team')).toThrow('daily buckets');
  });

  it('pads the daily series with zeros before a short window', () => {
    // window June 1 00:00 → June 3 12:00 has 3 buckets; the series still has 30 days
    const result = allocateCosts(
      {
        cluster: 'local',
        pods: [steady('a-0', 'checkout-dev', 1, utc(6, 1), now)],
      },
      prices,
      { start: utc(6, 1), end: now },
    );
    const environments = aggregateCosts(result, 'environment');
    expect(environments.days[27]).toBe('2025-06-01');
    expect(environments.groups[0].daily.slice(26)).toEqual([
      0,
      expect.closeTo(0.96, 10),
      expect.closeTo(0.96, 10),
      expect.closeTo(0.48, 10),
    ]);
    expect(result.bucketStarts).toHaveLength(3);
    expect(environments.groups[0].total).toBeCloseTo(2.4, 10);
  });
});
