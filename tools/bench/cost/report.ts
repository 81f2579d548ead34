import os from 'node:os';
import { CostReport } from '../../../plugins/paved-node/src';
import { GOAL_MS, NAIVE_RUNS, RUNS } from './scenario';

/** Median and p95 of some timings. */
export interface Figures {
  median: number;
  p95: number;
}

/** Wall and CPU figures of one side. */
interface Timings {
  wall: Figures;
  cpu: Figures;
}

function figures(timings: Timings): string {
  const { wall, cpu } = timings;
  return (
    `median ${wall.median.toFixed(1)} ms, p95 ${wall.p95.toFixed(1)} ms ` +
    `(CPU time: median ${cpu.median.toFixed(1)} ms, p95 ${cpu.p95.toFixed(
      1,
    )} ms)`
  );
}

/**
 * Prints the cost bench's result: the reports' sizes, the machine, both sides' figures, the goal and the
 * ratio, and how far the two sides' month-to-date figures are apart.
 */
export function printReport(result: {
  reports: CostReport[];
  ours: Timings;
  theirs: Timings;
  /** Largest relative month-to-date difference between the two. */
  difference: number;
}) {
  const { reports, ours, theirs } = result;
  const groups = reports
    .map(r => `${r.groups.length} ${r.dimension}s`)
    .join(', ');
  console.log(
    `  reports: ${groups}; month-to-date of all teams ${reports[3].total.total.toFixed(
      2,
    )} USD`,
  );
  console.log(
    `  machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' ')} (wall time includes waiting for a CPU; CPU time does not)`,
  );
  console.log(
    `  Paved allocateCosts + costReports (4 dims) ${figures(
      ours,
    )}, ${RUNS} runs`,
  );
  console.log(
    `  naive per-sample objects + Map grouping    ${figures(
      theirs,
    )}, ${NAIVE_RUNS} runs`,
  );
  console.log(
    `  goal <= ${GOAL_MS} ms: ${
      ours.wall.median <= GOAL_MS ? 'met' : 'missed'
    } on wall time, ` +
      `${ours.cpu.median <= GOAL_MS ? 'met' : 'missed'} on CPU time (medians)`,
  );
  console.log(
    `  Paved / naive = ${(ours.wall.median / theirs.wall.median).toFixed(
      4,
    )}x wall, ` +
      `${(ours.cpu.median / theirs.cpu.median).toFixed(4)}x CPU ` +
      `(naive is ${(theirs.wall.median / ours.wall.median).toFixed(
        0,
      )}x slower); ` +
      `largest month-to-date difference between the two ${(
        result.difference * 100
      ).toExponential(1)} %`,
  );
}
