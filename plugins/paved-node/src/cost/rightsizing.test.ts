import { CostPrices } from './prices';
import { suggestRequests } from './rightsizing';
import { PodSamples } from './types';

const H = 3600;
const MiB = 1024 ** 2;
const T0 = Date.UTC(2025, 5, 1) / 1000;

const prices: CostPrices = {
  cpuCoreHour: 0.04,
  memoryGiBHour: 0.005,
  storageGiBMonth: 0.073,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

function samples(
  pod: string,
  columns: {
    cpuRequest?: number;
    cpuUsage: number[];
    memoryRequest?: number;
    memoryUsage: number[];
  },
  from = T0,
): PodSamples {
  const n = columns.cpuUsage.length;
  return {
    namespace: 'checkout-dev',
    pod,
    container: 'api',
    workload: 'checkout-api',
    start: from,
    end: from + n * H,
    timestamps: Array.from({ length: n }, (_, k) => from + k * H),
    cpuUsageCores: columns.cpuUsage,
    memoryUsageBytes: columns.memoryUsage,
    ...(columns.cpuRequest !== undefined && {
      cpuRequestCores: new Array(n).fill(columns.cpuRequest),
    }),
    ...(columns.memoryRequest !== undefined && {
      memoryRequestBytes: new Array(n).fill(columns.memoryRequest),
    }),
  };
}

describe('suggestRequests', () => {
  it('suggests p95 × 1.2 rounded up, and the monthly saving', () => {
    // 100 hourly samples using 0.01, 0.02, … 1.00 cores: p95 (nearest rank 95) = 0.95 cores
    // suggested 0.95 × 1.2 = 1.14 cores = 1140m (a multiple of 5m); request 2 cores → lower
    // saving: now Σ max(2, u) / 100 = 2, after Σ max(1.14, u) / 100 = 1.14 (no sample above 1.14)
    //         (2 − 1.14) × 0.04 × 1 replica × 730 h = 25.112
    // memory: constant 100Mi, p95 100Mi × 1.2 = 120Mi → 128Mi (multiple of 16Mi); request 512Mi
    //         (512 − 128) Mi = 0.375 GiB × 0.005 × 730 = 1.36875
    const [suggestion] = suggestRequests(
      [
        samples('checkout-api-7d9f8c6b5d-x2x4z', {
          cpuRequest: 2,
          cpuUsage: Array.from({ length: 100 }, (_, k) => (k + 1) / 100),
          memoryRequest: 512 * MiB,
          memoryUsage: new Array(100).fill(100 * MiB),
        }),
      ],
      prices,
    );
    expect(suggestion).toMatchObject({
      namespace: 'checkout-dev',
      workload: 'checkout-api',
      container: 'api',
      replicas: 1,
      cpu: {
        request: 2,
        usage: 0.95,
        suggested: 1.14,
        quantity: '1140m',
        change: 'lower',
      },
      memory: {
        request: 512 * MiB,
        usage: 100 * MiB,
        suggested: 128 * MiB,
        quantity: '128Mi',
        change: 'lower',
      },
    });
    expect(suggestion.cpu.monthlySaving).toBeCloseTo(25.112, 10);
    expect(suggestion.memory.monthlySaving).toBeCloseTo(1.36875, 10);
    expect(suggestion.monthlySaving).toBeCloseTo(26.48075, 10);
  });

  it('never suggests less than the floor', () => {
    // 1m × 1.2 = 1.2m → 5m, below the 10m floor → 10m; 1Mi × 1.2 → 16Mi, below 32Mi → 32Mi
    const [suggestion] = suggestRequests(
      [
        samples('idle-0', {
          cpuRequest: 0.5,
          cpuUsage: [0.001, 0.001],
          memoryRequest: 256 * MiB,
          memoryUsage: [MiB, MiB],
        }),
      ],
      prices,
    );
    expect(suggestion.cpu).toMatchObject({ suggested: 0.01, quantity: '10m' });
    expect(suggestion.memory).toMatchObject({
      suggested: 32 * MiB,
      quantity: '32Mi',
    });
  });

  it('raises requests below usage, at a cost', () => {
    // request 100m, usage 200m: p95 × 1.2 = 240m → raise
    // now pays max(0.1, 0.2) = 0.2, after max(0.24, 0.2) = 0.24: (0.2 − 0.24) × 0.04 × 730 = −1.168
    const [suggestion] = suggestRequests(
      [
        samples('busy-0', {
          cpuRequest: 0.1,
          cpuUsage: [0.2, 0.2, 0.2],
          memoryRequest: 128 * MiB,
          memoryUsage: [100 * MiB, 100 * MiB, 100 * MiB],
        }),
      ],
      prices,
    );
    expect(suggestion.cpu).toMatchObject({
      suggested: 0.24,
      quantity: '240m',
      change: 'raise',
    });
    expect(suggestion.cpu.monthlySaving).toBeCloseTo(-1.168, 10);
    // memory 100Mi × 1.2 = 120Mi → 128Mi = the request: keep, no saving
    expect(suggestion.memory).toMatchObject({
      change: 'keep',
      monthlySaving: 0,
    });
  });

  it('sets a request where there is none', () => {
    // no request: pays usage 0.1; with 120m pays 0.12: (0.1 − 0.12) × 0.04 × 730 = −0.584
    const [suggestion] = suggestRequests(
      [samples('free-0', { cpuUsage: [0.1, 0.1], memoryUsage: [MiB, MiB] })],
      prices,
    );
    expect(suggestion.cpu).toMatchObject({ change: 'set', suggested: 0.12 });
    expect(suggestion.cpu.request).toBeUndefined();
    expect(suggestion.cpu.monthlySaving).toBeCloseTo(-0.584, 10);
  });

  it('counts replicas and takes the latest request of all pods', () => {
    // two pods side by side for 10 h → 2 replicas; the newer pod requests 1 core (the rollout's request)
    // usage 0.5 everywhere → 600m; saving (1 − 0.6) × 0.04 × 2 × 730 = 23.36
    const old = samples('checkout-api-aaaaaa-00001', {
      cpuRequest: 2,
      cpuUsage: new Array(10).fill(0.5),
      memoryUsage: new Array(10).fill(64 * MiB),
    });
    const current = samples(
      'checkout-api-bbbbbb-00002',
      {
        cpuRequest: 1,
        cpuUsage: new Array(10).fill(0.5),
        memoryUsage: new Array(10).fill(64 * MiB),
      },
      T0 + 1,
    );
    const [suggestion] = suggestRequests([old, current], prices, {
      start: T0,
      end: T0 + 10 * H,
    });
    expect(suggestion.replicas).toBeCloseTo(2, 3);
    expect(suggestion.cpu.request).toBe(1);
    // the old pod paid 2 cores, the new one 1: the saving is computed for the current request
    expect(suggestion.cpu.monthlySaving).toBeCloseTo(0.4 * 0.04 * 2 * 730, 2);
  });

  it('skips workloads without usage data', () => {
    expect(
      suggestRequests(
        [samples('quiet-0', { cpuRequest: 1, cpuUsage: [], memoryUsage: [] })],
        prices,
      ),
    ).toEqual([]);
  });
});
