import { allocateCosts } from './allocation';
import { CostPrices } from './prices';
import { CostInput, PodSamples } from './types';

const H = 3600;
const GiB = 1024 ** 3;
/** 2025-06-10 00:00 UTC */
const DAY0 = Date.UTC(2025, 5, 10) / 1000;
const at = (hours: number) => DAY0 + hours * H;

const prices: CostPrices = {
  cpuCoreHour: 0.04,
  memoryGiBHour: 0.005,
  storageGiBMonth: 0.073, // = 0.0001 per GiB-hour (÷ 730)
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

function pod(overrides: Partial<PodSamples> & { hours: number[] }): PodSamples {
  const { hours, ...rest } = overrides;
  return {
    namespace: 'checkout-dev',
    pod: 'checkout-api-7d9f8c6b5d-x2x4z',
    start: at(hours[0]),
    timestamps: hours.map(at),
    ...rest,
  };
}

function allocate(input: Partial<CostInput>, start = at(0), end = at(24)) {
  return allocateCosts({ cluster: 'local', pods: [], ...input }, prices, {
    start,
    end,
  });
}

describe('allocateCosts', () => {
  it('charges partial hours proportionally', () => {
    // runs 10:00–11:30, requests 0.5 cores using 0.2, requests 1 GiB using 0.5 GiB
    // cpu:    1.5 h × max(0.5, 0.2) × 0.04 = 0.03
    // memory: 1.5 h × max(1, 0.5) GiB × 0.005 = 0.0075
    const { items } = allocate({
      pods: [
        pod({
          hours: [10, 11],
          end: at(11.5),
          cpuRequestCores: [0.5, 0.5],
          cpuUsageCores: [0.2, 0.2],
          memoryRequestBytes: [GiB, GiB],
          memoryUsageBytes: [0.5 * GiB, 0.5 * GiB],
        }),
      ],
    });
    expect(items[0].hours).toBeCloseTo(1.5, 10);
    expect(items[0].cpuCoreHours).toBeCloseTo(0.75, 10);
    expect(items[0].memoryGiBHours).toBeCloseTo(1.5, 10);
    expect(items[0].cpu).toBeCloseTo(0.03, 10);
    expect(items[0].memory).toBeCloseTo(0.0075, 10);
    expect(items[0].total).toBeCloseTo(0.0375, 10);
  });

  it('charges a pod that starts inside a sample only from its start', () => {
    // starts 10:20, still running at the window end (12:00); samples at 10:00 and 11:00
    // 40 min + 60 min = 5/3 h × 0.5 cores × 0.04 = 0.0333…
    const { items } = allocate(
      {
        pods: [
          pod({
            hours: [10, 11],
            start: at(10 + 20 / 60),
            cpuRequestCores: [0.5, 0.5],
          }),
        ],
      },
      at(0),
      at(12),
    );
    expect(items[0].hours).toBeCloseTo(5 / 3, 10);
    expect(items[0].cpu).toBeCloseTo(0.1 / 3, 10);
  });

  it('keeps charging the request while a container restarts', () => {
    // 10:00–13:00; at 11:00 the container restarts and reports no usage: its request still holds
    // 3 h × 0.5 cores × 0.04 = 0.06
    const { items } = allocate({
      pods: [
        pod({
          hours: [10, 11, 12],
          end: at(13),
          cpuRequestCores: [0.5, 0.5, 0.5],
          cpuUsageCores: [0.2, NaN, 0.3],
        }),
      ],
    });
    expect(items[0].hours).toBeCloseTo(3, 10);
    expect(items[0].cpu).toBeCloseTo(0.06, 10);
  });

  it('does not charge a gap longer than the sample interval', () => {
    // samples at 10:00 and 13:00 (no data 11:00–13:00), each covers at most 1 h: 2 h × 0.5 × 0.04 = 0.04
    const { items } = allocate({
      pods: [
        pod({
          hours: [10, 13],
          end: at(14),
          cpuRequestCores: [0.5, 0.5],
        }),
      ],
    });
    expect(items[0].hours).toBeCloseTo(2, 10);
    expect(items[0].cpu).toBeCloseTo(0.04, 10);
  });

  it('charges the request of a container without limits when it uses less', () => {
    // limits play no part: 2 h × max(0.25, 0.1) × 0.04 = 0.02
    const { items } = allocate({
      pods: [
        pod({
          hours: [0, 1],
          end: at(2),
          cpuRequestCores: [0.25, 0.25],
          cpuUsageCores: [0.1, 0.1],
        }),
      ],
    });
    expect(items[0].cpu).toBeCloseTo(0.02, 10);
  });

  it('charges usage above the request', () => {
    // a container without a limit bursts to 0.75 cores over its 0.25 request
    // 1 h × max(0.25, 0.75) × 0.04 = 0.03; memory 1 h × max(0.25, 2) GiB × 0.005 = 0.01
    const { items } = allocate({
      pods: [
        pod({
          hours: [5],
          end: at(6),
          cpuRequestCores: [0.25],
          cpuUsageCores: [0.75],
          memoryRequestBytes: [0.25 * GiB],
          memoryUsageBytes: [2 * GiB],
        }),
      ],
    });
    expect(items[0].cpuCoreHours).toBeCloseTo(0.75, 10);
    expect(items[0].cpu).toBeCloseTo(0.03, 10);
    expect(items[0].memory).toBeCloseTo(0.01, 10);
  });

  it('charges usage alone when there is no request', () => {
    // no request column: 2 h × 0.3 cores × 0.04 = 0.024;
    // a NaN request at one sample: 1 h × 0.3 + 1 h × max(0.5, 0.3) = 0.8 core-hours × 0.04 = 0.032
    const { items } = allocate({
      pods: [
        pod({ hours: [0, 1], end: at(2), cpuUsageCores: [0.3, 0.3] }),
        pod({
          hours: [0, 1],
          end: at(2),
          cpuRequestCores: [NaN, 0.5],
          cpuUsageCores: [0.3, 0.3],
        }),
        pod({ hours: [0, 1], end: at(2) }),
      ],
    });
    expect(items[0].cpu).toBeCloseTo(0.024, 10);
    expect(items[1].cpu).toBeCloseTo(0.032, 10);
    // no values at all: the time counts, nothing is charged
    expect(items[2].hours).toBeCloseTo(2, 10);
    expect(items[2].total).toBe(0);
  });

  it('charges the share of each sample the pod ran when coverage is known', () => {
    // 10:00 ran 30 of 60 minutes, 11:00 all of it, 12:00 not at all (pending: NaN)
    // (0.5 h + 1 h) × 0.5 cores × 0.04 = 0.03
    const { items } = allocate({
      pods: [
        pod({
          hours: [10, 11, 12],
          end: at(13),
          cpuRequestCores: [0.5, 0.5, 0.5],
          coverage: [0.5, 1, NaN],
        }),
      ],
    });
    expect(items[0].hours).toBeCloseTo(1.5, 10);
    expect(items[0].cpu).toBeCloseTo(0.03, 10);
  });

  it('takes samples at any interval', () => {
    // 15-minute samples 00:00–01:00 with requests 1, 2, 1, 2 cores: 0.25 h × 6 = 1.5 core-hours × 0.04 = 0.06
    const { items } = allocateCosts(
      {
        cluster: 'local',
        pods: [
          pod({
            hours: [0, 0.25, 0.5, 0.75],
            end: at(1),
            cpuRequestCores: [1, 2, 1, 2],
            interval: 900,
          }),
        ],
      },
      prices,
      { start: at(0), end: at(24) },
    );
    expect(items[0].cpuCoreHours).toBeCloseTo(1.5, 10);
    expect(items[0].cpu).toBeCloseTo(0.06, 10);
  });

  it('clips to the window', () => {
    // runs 00:00–05:00 at 1 core; window 02:00–04:00 → 2 h × 0.04 = 0.08
    const { items } = allocate(
      {
        pods: [
          pod({
            hours: [0, 1, 2, 3, 4],
            end: at(5),
            cpuRequestCores: [1, 1, 1, 1, 1],
          }),
        ],
      },
      at(2),
      at(4),
    );
    expect(items[0].hours).toBeCloseTo(2, 10);
    expect(items[0].cpu).toBeCloseTo(0.08, 10);
  });

  it('charges volumes by size and lifetime', () => {
    // 10 GiB from 10:00 to 13:00: 3 h × 10 GiB × 0.073 / 730 = 0.003
    const { items } = allocate({
      volumes: [
        {
          namespace: 'checkout-dev',
          name: 'data-postgres-0',
          labels: { 'app.kubernetes.io/name': 'postgres' },
          sizeGiB: 10,
          start: at(10),
          end: at(13),
        },
      ],
    });
    expect(items[0]).toMatchObject({
      kind: 'volume',
      workload: 'postgres',
      storageGiBHours: 30,
    });
    expect(items[0].storage).toBeCloseTo(0.003, 10);
    expect(items[0].total).toBeCloseTo(0.003, 10);
  });

  it('charges load balancers by the hour', () => {
    // created at 10:00, still there at the window end 12:00: 2 h × 0.025 = 0.05
    const { items } = allocate(
      {
        loadBalancers: [
          {
            namespace: 'checkout-production',
            name: 'checkout-api',
            labels: { 'backstage.io/kubernetes-id': 'checkout-api' },
            start: at(10),
          },
        ],
      },
      at(0),
      at(12),
    );
    expect(items[0]).toMatchObject({
      kind: 'loadBalancer',
      component: 'checkout-api',
      loadBalancerHours: 2,
    });
    expect(items[0].loadBalancer).toBeCloseTo(0.05, 10);
  });

  describe('idle cost', () => {
    // capacity 2 cores and 4 GiB for 1 h: 2 × 0.04 = 0.08 CPU, 4 × 0.005 = 0.02 memory
    // pod a: 0.5 cores, 1 GiB → 0.02 CPU, 0.005 memory; pod b: 1 core, 1 GiB → 0.04 CPU, 0.005 memory
    // idle CPU 0.08 − 0.06 = 0.02, idle memory 0.02 − 0.01 = 0.01
    const input: Partial<CostInput> = {
      pods: [
        pod({
          pod: 'a',
          hours: [0],
          end: at(1),
          cpuRequestCores: [0.5],
          memoryRequestBytes: [GiB],
        }),
        pod({
          pod: 'b',
          hours: [0],
          end: at(1),
          cpuRequestCores: [1],
          memoryRequestBytes: [GiB],
        }),
      ],
      capacity: { timestamps: [at(0)], cpuCores: [2], memoryBytes: [4 * GiB] },
    };

    it('is reported on its own without sharing', () => {
      const result = allocateCosts(
        { cluster: 'local', pods: [], ...input },
        prices,
        {
          start: at(0),
          end: at(1),
        },
      );
      expect(result.idle.cpu).toBeCloseTo(0.02, 10);
      expect(result.idle.memory).toBeCloseTo(0.01, 10);
      expect(result.idle.unshared[0]).toBeCloseTo(0.03, 10);
      expect(result.items.map(i => i.idle)).toEqual([0, 0]);
    });

    it('is shared in proportion to CPU and memory cost', () => {
      // a: 0.02 × 0.02/0.06 + 0.01 × 0.005/0.01 = 0.006667 + 0.005 = 0.011667
      // b: 0.02 × 0.04/0.06 + 0.01 × 0.005/0.01 = 0.013333 + 0.005 = 0.018333
      const result = allocateCosts(
        { cluster: 'local', pods: [], ...input },
        { ...prices, idleSharing: true },
        { start: at(0), end: at(1) },
      );
      const [a, b] = result.items;
      expect(a.idle).toBeCloseTo(0.02 / 3 + 0.005, 10);
      expect(b.idle).toBeCloseTo((0.02 * 2) / 3 + 0.005, 10);
      expect(a.total).toBeCloseTo(0.025 + 0.02 / 3 + 0.005, 10);
      expect(a.idle + b.idle).toBeCloseTo(result.idle.total, 10);
      expect(result.idle.unshared[0]).toBe(0);
    });
  });

  it('keeps costs per day, splitting samples at midnight', () => {
    // 1 core from 22:00 on day 0 to 02:00 on day 1 in 2-hour samples (22:00, 00:00):
    // day 0 gets 2 h × 0.04 = 0.08, day 1 gets 0.08; a 2-hour sample from 23:00 splits 1 h / 1 h
    const result = allocateCosts(
      {
        cluster: 'local',
        pods: [
          pod({
            hours: [22, 24],
            end: at(26),
            cpuRequestCores: [1, 1],
            interval: 2 * H,
          }),
          pod({
            pod: 'straddling',
            hours: [23],
            end: at(25),
            cpuRequestCores: [1],
            interval: 2 * H,
          }),
        ],
      },
      prices,
      { start: at(0), end: at(48) },
    );
    expect(result.bucketStarts).toEqual([at(0), at(24)]);
    expect(Array.from(result.series.cpu)).toEqual([
      expect.closeTo(0.08, 10),
      expect.closeTo(0.08, 10),
      expect.closeTo(0.04, 10),
      expect.closeTo(0.04, 10),
    ]);
  });

  it('names workloads and components', () => {
    const { items } = allocate({
      pods: [
        pod({
          hours: [0],
          labels: { 'backstage.io/kubernetes-id': 'checkout-api' },
        }),
        pod({ pod: 'postgres-0', hours: [0] }),
        pod({ pod: 'x', workload: 'report', hours: [0] }),
      ],
    });
    expect(items.map(i => [i.workload, i.component])).toEqual([
      ['checkout-api', 'checkout-api'],
      ['postgres', undefined],
      ['report', undefined],
    ]);
  });

  it('refuses an empty window and short columns', () => {
    expect(() => allocate({}, at(2), at(1))).toThrow(
      'The cost window must end after it starts',
    );
    expect(() =>
      allocate({ pods: [pod({ hours: [0, 1], cpuRequestCores: [1] })] }),
    ).toThrow('cpuRequestCores has 1 values for 2 timestamps');
  });
});
