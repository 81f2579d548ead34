import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { QuietGate, QuietSummary, describeQuiet } from './quiet';

/** What a bench result is measured on: when, which commit, how busy the machine was. */
export interface MachineState {
  /** What the run is called (`BENCH_LABEL`, e.g. `before`), when set. */
  label?: string;
  at: string;
  commit: string;
  /** Uncommitted changes in the working tree when the bench ran. */
  dirty: boolean;
  cpus: number;
  node: string;
  /** 1, 5 and 15 minute load averages at the start and at the end. */
  loadStart: number[];
  loadEnd?: number[];
  /** How the timed runs started, for benches that wait for a quiet machine before each (see `QuietGate`). */
  quiet?: QuietSummary;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/** The machine's state now; call {@link finish} at the end for the closing load average. */
export function machineState(): MachineState {
  return {
    ...(process.env.BENCH_LABEL ? { label: process.env.BENCH_LABEL } : {}),
    at: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    cpus: os.cpus().length,
    node: process.version,
    loadStart: loadAverage(),
  };
}

/** The state with the load average at the end added, and how the timed runs started when they waited for quiet. */
export function finish(state: MachineState, quiet?: QuietGate): MachineState {
  return {
    ...state,
    loadEnd: loadAverage(),
    ...(quiet ? { quiet: quiet.summary(state.cpus) } : {}),
  };
}

function loadAverage(): number[] {
  return os.loadavg().map(l => Math.round(l * 100) / 100);
}

/** One line describing the machine state, for the head of a report. */
export function describeMachine(state: MachineState): string {
  return `${state.label ? `${state.label} · ` : ''}${state.at} · commit ${
    state.commit
  }${state.dirty ? ' (+ uncommitted changes)' : ''} · node ${state.node} · ${
    state.cpus
  } CPUs · load average ${state.loadStart.join(' ')} at start${
    state.loadEnd ? `, ${state.loadEnd.join(' ')} at end` : ''
  }${state.quiet ? `\n${describeQuiet(state.quiet)}` : ''}`;
}

/** The version kubectl reports of itself, e.g. `v1.36.3`. */
export function kubectlVersion(kubectl: string): string {
  try {
    const out = execFileSync(kubectl, ['version', '--client', '-o', 'json'], {
      encoding: 'utf8',
    });
    return JSON.parse(out).clientVersion?.gitVersion ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
