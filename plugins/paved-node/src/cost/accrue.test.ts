import { NO_VALUES, accrue, totals } from './accrue';
import { accrueRegular, regularStep } from './accrueRegular';

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

describe('regularStep', () => {
  it('finds evenly spaced sample times', () => {
    expect(regularStep([0, 3600, 7200])).toBe(3600);
    expect(regularStep(Float64Array.from([10, 25, 40, 55]))).toBe(15);
    expect(regularStep([0, 3600, 7201])).toBeNaN();
    expect(regularStep([5])).toBeNaN();
    expect(regularStep([5, 5])).toBeNaN();
  });
});

describe('accrueRegular', () => {
  // the fast path must give exactly what the general loop gives, whatever the cuts
  it.each([
    ['hourly samples, daily buckets', 3600, 86400, 0],
    ['hourly samples not on the hour', 3600, 86400, 1234],
    ['90-minute samples straddling buckets', 5400, 86400, 600],
    ['hourly samples, 5-hour buckets', 3600, 5 * 3600, 1800],
  ])('agrees with the general loop: %s', (_, step, bucketSeconds, offset) => {
    const rand = random(7);
    const start = 1_750_000_000 - (1_750_000_000 % 86400);
    const n = 200;
    const t0 = start - 3 * step + offset;
    const timestamps = Float64Array.from(
      { length: n },
      (__, k) => t0 + k * step,
    );
    const buckets = Math.ceil((n * step) / bucketSeconds) + 2;
    const column = (scale: number, missing: number) =>
      Float64Array.from({ length: n }, () =>
        rand() < missing ? NaN : scale * rand(),
      );
    for (let round = 0; round < 50; round++) {
      const cpuRequest = column(2, 0.1);
      const cpuUsage = column(3, 0.1);
      const memRequest = column(1e9, 0.05);
      const memUsage = column(2e9, 0.2);
      const coverage =
        round % 2 === 0
          ? Float64Array.from({ length: n }, () => {
              // not running (NaN), running all of the sample, or part of it
              const draw = rand();
              if (draw < 0.1) return NaN;
              return draw < 0.7 ? 1 : rand();
            })
          : undefined;
      const from = start + rand() * n * step * 0.5;
      const to = from + rand() * n * step * 0.6;
      const general = {
        cpu: new Float64Array(buckets),
        mem: new Float64Array(buckets),
      };
      accrue(
        timestamps,
        cpuRequest,
        cpuUsage,
        memRequest,
        memUsage,
        coverage ?? NO_VALUES,
        step,
        from,
        to,
        { start, bucketSeconds, cpuHours: general.cpu, memHours: general.mem },
        0,
      );
      const expected = Array.from(totals);
      const fast = {
        cpu: new Float64Array(buckets),
        mem: new Float64Array(buckets),
      };
      accrueRegular(
        t0,
        step,
        n,
        cpuRequest,
        cpuUsage,
        memRequest,
        memUsage,
        coverage,
        from,
        to,
        { start, bucketSeconds, cpuHours: fast.cpu, memHours: fast.mem },
        0,
      );
      const close = (a: number, b: number) =>
        Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
      expect(Array.from(totals).every((v, i) => close(v, expected[i]))).toBe(
        true,
      );
      for (let b = 0; b < buckets; b++) {
        expect(close(fast.cpu[b], general.cpu[b])).toBe(true);
        expect(close(fast.mem[b], general.mem[b])).toBe(true);
      }
      expect(expected[0]).toBeGreaterThanOrEqual(0);
    }
  });
});
