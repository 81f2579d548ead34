import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/**
 * The diagnostics channel on which the apply engine publishes how long each step of a change took
 * ({@link ApplyStepTiming} messages). Nothing is measured while no one subscribes.
 */
export const APPLY_STEP_CHANNEL = 'paved:apply:step';

/**
 * A step of the apply engine's path: `prepare` (kinds looked up through discovery, namespaces filled in),
 * `guardrails`, `secrets` (Secret references checked), `live` (live objects read), `dry-run` (the server-side
 * dry run of every object, `live` included), `diff` (diffs and removed fields worked out; CPU time summed over
 * the objects), `impact` (blast radius and cost forecast), `apply`, `clone-read` (a clone's source read),
 * `clone-environment` (a clone's target environment created), `clone-finish` (a clone's revision recorded beside
 * its completion mark).
 */
export type ApplyStep =
  | 'prepare'
  | 'guardrails'
  | 'secrets'
  | 'live'
  | 'dry-run'
  | 'diff'
  | 'impact'
  | 'apply'
  | 'clone-read'
  | 'clone-environment'
  | 'clone-finish';

/** One message on {@link APPLY_STEP_CHANNEL}. */
export interface ApplyStepTiming {
  step: ApplyStep;
  /** Milliseconds the step took (wall time; for `diff`, the CPU time of the diffs). */
  ms: number;
  /** How many objects the step handled. */
  objects: number;
}

const channel = diagnosticsChannel.channel(APPLY_STEP_CHANNEL);

/** Whether anyone listens to the step timings. */
export function timingSteps(): boolean {
  return channel.hasSubscribers;
}

/** Publishes one step's time; a no-op while no one subscribes. */
export function publishStep(step: ApplyStep, ms: number, objects: number) {
  if (channel.hasSubscribers) {
    const message: ApplyStepTiming = { step, ms, objects };
    channel.publish(message);
  }
}

/** Runs `fn`, publishing its wall time as `step` whether it succeeds or fails. */
export async function timedStep<T>(
  step: ApplyStep,
  objects: number,
  fn: () => Promise<T>,
): Promise<T> {
  if (!channel.hasSubscribers) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    publishStep(step, performance.now() - start, objects);
  }
}

/** Runs a synchronous `fn`, adding its time to `total.ms` when timings are being collected. */
export function timedSync<T>(total: { ms: number }, fn: () => T): T {
  if (!channel.hasSubscribers) return fn();
  const start = performance.now();
  try {
    return fn();
  } finally {
    total.ms += performance.now() - start;
  }
}
