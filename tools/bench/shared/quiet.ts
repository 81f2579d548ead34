import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../stats';

/** What {@link QuietGate} waits for: the whole machine's CPU below `busyBelow` for `windows` windows in a row. */
export const QUIET = {
  /** Share of all cores busy (user, system, interrupts, steal) that still counts as quiet. */
  busyBelow: 0.15,
  windowMs: 250,
  windows: 2,
  /** A run starts after this long even when the machine never got quiet (and is counted as not quiet). */
  maxMs: 10_000,
};

/** How the runs of a bench started: how many on a quiet machine and how long each waited for it. */
export interface QuietSummary {
  runs: number;
  /** Runs that started on a quiet machine; the others started after `maxMs`. */
  quiet: number;
  waitMedianMs: number;
  waitMaxMs: number;
  /** The rule, e.g. `busy < 15 % of 2 CPUs for 2 × 250 ms`. */
  rule: string;
}

/** Busy and total jiffies of all CPUs together, or undefined where /proc/stat cannot be read. */
function cpuJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = fields.reduce((sum, f) => sum + f, 0);
    // idle and iowait are the 4th and 5th fields
    return { busy: total - fields[3] - fields[4], total };
  } catch {
    return undefined;
  }
}

/**
 * Lets each timed run start on a quiet machine: what the previous run set off (a namespace being deleted, the
 * controllers reacting to a new one) is finished first, so that no side of a comparison pays for the other's
 * leftovers. A short run that starts beside such work pays a larger share of it than a long one.
 */
export class QuietGate {
  private readonly waits: Array<{ ms: number; quiet: boolean }> = [];

  /** Waits until the machine is quiet (at most `QUIET.maxMs`) and notes how long it waited. */
  async wait(): Promise<void> {
    const start = Date.now();
    let calm = 0;
    let before = cpuJiffies();
    if (!before) return;
    while (calm < QUIET.windows && Date.now() - start < QUIET.maxMs) {
      await sleep(QUIET.windowMs);
      const now = cpuJiffies()!;
      const total = now.total - before.total;
      const busy = total > 0 ? (now.busy - before.busy) / total : 0;
      calm = busy < QUIET.busyBelow ? calm + 1 : 0;
      before = now;
    }
    this.waits.push({ ms: Date.now() - start, quiet: calm >= QUIET.windows });
  }

  /** The runs so far, for the report. */
  summary(cpus: number): QuietSummary {
    const ms = this.waits.map(w => w.ms);
    return {
      runs: this.waits.length,
      quiet: this.waits.filter(w => w.quiet).length,
      waitMedianMs: ms.length > 0 ? median(ms) : 0,
      waitMaxMs: ms.length > 0 ? Math.max(...ms) : 0,
      rule: `busy < ${QUIET.busyBelow * 100} % of ${cpus} CPUs for ${
        QUIET.windows
      } × ${QUIET.windowMs} ms`,
    };
  }
}

/** One line for a report's head. */
export function describeQuiet(summary: QuietSummary): string {
  return `${summary.quiet} of ${
    summary.runs
  } timed runs (the warm-up included) started on a quiet machine (${
    summary.rule
  }, at most ${QUIET.maxMs / 1000} s; waited median ${
    summary.waitMedianMs
  } ms, at most ${summary.waitMaxMs} ms)`;
}
