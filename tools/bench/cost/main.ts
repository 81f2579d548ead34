import {
  CostInput,
  allocateCosts,
  costReports,
} from '../../../plugins/paved-node/src';
import { percentile, timeSync } from '../stats';
import { generate } from './data';
import { naive } from './naive';
import { Figures, printReport } from './report';
import {
  DAYS,
  DIMENSIONS,
  HOURS,
  NAIVE_RUNS,
  PODS,
  RUNS,
  end,
  prices,
  start,
} from './scenario';

/**
 * `yarn bench cost`: allocation of 10,000 pods over 30 days of hourly samples, plus the four aggregations
 * (workload, component, environment, team: month-to-date, projection, 30-day daily series), timed after the
 * data is in memory, against a naive per-sample, object-allocating implementation in the same run.
 */

/** The compute under test: allocation, then the four reports (workload, component, environment, team). */
function paved(input: CostInput) {
  const result = allocateCosts(input, prices, { start, end });
  return costReports(result, DIMENSIONS);
}

/** Runs a task `runs` times: wall and CPU figures, and the last run's result. */
function measure<T>(runs: number, fn: () => T) {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let value: T | undefined;
  for (let run = 0; run < runs; run++) {
    const measured = timeSync(fn);
    ms.push(measured.ms);
    cpuMs.push(measured.cpuMs);
    value = measured.value;
  }
  const figures = (values: number[]): Figures => ({
    median: percentile(values, 0.5),
    p95: percentile(values, 0.95),
  });
  return { wall: figures(ms), cpu: figures(cpuMs), value: value as T };
}

/** The largest relative difference of a group's month-to-date between Paved's reports and the baseline's. */
function largestDifference(
  reports: ReturnType<typeof paved>,
  naiveReports: ReturnType<typeof naive>,
): number {
  let worst = 0;
  reports.forEach((report, d) => {
    const other = naiveReports[d].groups;
    for (const group of report.groups) {
      const theirs = other.get(group.key);
      const expected = theirs?.monthToDate ?? 0;
      worst = Math.max(
        worst,
        Math.abs(group.total - expected) / Math.max(1e-9, Math.abs(expected)),
      );
    }
  });
  return worst;
}

function main() {
  const generated = timeSync(generate);
  const input = generated.value;
  console.log(
    `\ncost model: ${PODS.toLocaleString(
      'en-US',
    )} pods × ${DAYS} days × 24 hourly samples ` +
      `(${(PODS * HOURS).toLocaleString('en-US')} samples), ${
        input.volumes!.length
      } volumes, ` +
      `${
        input.loadBalancers!.length
      } load balancers; data generated (seeded) in ${generated.ms.toFixed(
        0,
      )} ms`,
  );

  // warm-up, then the measured runs; the naive runs come last so their garbage does not land on ours
  for (let i = 0; i < 3; i++) paved(input);
  const ours = measure(RUNS, () => paved(input));
  const theirs = measure(NAIVE_RUNS, () => naive(input));
  // both must agree, or the comparison means nothing
  printReport({
    reports: ours.value,
    ours,
    theirs,
    difference: largestDifference(ours.value, theirs.value),
  });
}

main();
