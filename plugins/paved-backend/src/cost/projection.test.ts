import {
  PodSamples,
  allocateCosts,
  costReports,
  costWindow,
  projectMonth,
} from '@paved/plugin-paved-node';
import {
  monitoredShares,
  observedHours,
  observedSince,
  project,
  projectionOf,
} from './projection';
import { topDrivers } from './topDrivers';
import { END, H, MONTH_START, PRICES } from './__testUtils__/fakeCost';

// 2025-06-11 00:00 UTC: June has 720 hours, 240 of them have passed
const monthStart = MONTH_START;
const now = END;

/** Hourly samples of one pod from `from` (inclusive) to `to`, running `coverage` of each hour. */
function pod(
  name: string,
  from: number,
  to: number,
  options: { cores?: number; coverage?: number[]; namespace?: string } = {},
): PodSamples {
  const n = (to - from) / H;
  return {
    namespace: options.namespace ?? 'shop-dev',
    pod: name,
    labels: { 'app.kubernetes.io/name': name.replace(/-\d+$/, '') },
    start: from,
    end: to,
    timestamps: Float64Array.from({ length: n }, (_, k) => from + k * H),
    cpuRequestCores: new Float64Array(n).fill(options.cores ?? 1),
    ...(options.coverage && { coverage: Float64Array.from(options.coverage) }),
    interval: H,
  };
}

const prices = PRICES;

describe('projection of a scope’s month', () => {
  it('finds when the pods are first seen running, within the month', () => {
    // seen from 20 minutes into the first hour of the history
    const young = pod('api-0', now - 3 * H, now, { coverage: [2 / 3, 1, 1] });
    expect(observedSince([young], monthStart, now)).toBe(now - 3 * H + 20 * 60);
    // a pod from before the month: the history covers the whole month
    expect(
      observedSince([pod('api-1', monthStart - H, now)], monthStart, now),
    ).toBe(monthStart);
    // no pods: the month's start
    expect(observedSince([], monthStart, now)).toBe(monthStart);
  });

  it('leaves gaps in the history out of the observed hours', () => {
    // hour 2 of 4 has no data at all, hour 3 half
    const a = pod('api-0', now - 4 * H, now, { coverage: [1, 0, 0.5, 1] });
    const b = pod('api-1', now - 4 * H, now, { coverage: [1, 0, 0.25, 1] });
    const shares = monitoredShares([a, b]);
    expect(shares.get(now - 2 * H)).toBe(0.5);
    expect(observedHours(shares, now - 4 * H, now)).toBeCloseTo(2.5, 9);
    // started 40 minutes into the first hour (coverage 1/3): that hour counts 20 minutes, not less
    const late = pod('api-2', now - 2 * H, now, { coverage: [1 / 3, 1] });
    expect(
      observedHours(monitoredShares([late]), now - H - 20 * 60, now),
    ).toBeCloseTo(4 / 3, 9);
  });

  it('projects pods from the observed rate and objects from the month\u2019s elapsed hours', () => {
    const projection = { observedHours: 3, elapsedHours: 240, monthHours: 720 };
    const amounts = {
      cpu: 0.3,
      memory: 0,
      storage: 1,
      loadBalancer: 0,
      idle: 0,
      total: 1.3,
    };
    expect(project(amounts, projection)).toBeCloseTo(0.3 * 240 + 1 * 3, 9);
    // a history over the whole month: the node library's projection
    expect(project(amounts, { ...projection, observedHours: 240 })).toBeCloseTo(
      projectMonth(1.3, 240, 720),
      9,
    );
  });

  it('reports the month of a workload seen for three hours at its hourly rate', () => {
    const window = costWindow(now);
    const input = {
      cluster: 'local',
      pods: [pod('api-0', now - 3 * H, now, { cores: 0.5 })],
    };
    const allocation = allocateCosts(input, prices, window);
    const [report] = costReports(allocation, ['workload']);
    const hours = observedHours(
      monitoredShares(input.pods),
      observedSince(input.pods, report.monthStart, report.now),
      report.now,
    );
    expect(hours).toBeCloseTo(3, 9);
    const projected = project(report.total, projectionOf(report, hours));
    // 0.5 cores × 0.04 × 720 hours
    expect(projected).toBeCloseTo(14.4, 9);
    // the node library's month-to-date rate would say 3 / 240 of that
    expect(report.total.projected).toBeCloseTo(14.4 * (3 / 240), 9);

    const drivers = topDrivers(allocation, {
      monthStart: report.monthStart,
      total: report.total.total,
      environments: new Map([['shop-dev', 'dev']]),
    });
    expect(drivers).toEqual([
      {
        cluster: 'local',
        namespace: 'shop-dev',
        environment: 'dev',
        workload: 'api',
        resource: 'cpu',
        monthToDate: expect.closeTo(0.06, 9),
        share: 1,
      },
    ]);
  });
});
