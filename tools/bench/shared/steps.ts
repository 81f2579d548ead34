import diagnosticsChannel from 'node:diagnostics_channel';
import {
  APPLY_STEP_CHANNEL,
  ApplyStep,
  ApplyStepTiming,
} from '../../../plugins/paved-node/src/apply/stepTiming';

/** Milliseconds per step of one timed Paved run; steps the bench times itself (e.g. `record`) included. */
export type StepTimes = Partial<Record<ApplyStep | BenchStep, number>>;

/** Steps a bench times around the engine's own. */
export type BenchStep = 'plan' | 'record' | 'clone-plan';

/**
 * Collects the step timings the apply engine publishes on its diagnostics channel while `fn` runs (one
 * timed run at a time; a step published twice is summed).
 */
export async function withSteps<T>(
  fn: () => Promise<T>,
): Promise<{ value: T; steps: StepTimes }> {
  const steps: StepTimes = {};
  const listener = (message: unknown) => {
    const { step, ms } = message as ApplyStepTiming;
    steps[step] = (steps[step] ?? 0) + ms;
  };
  diagnosticsChannel.subscribe(APPLY_STEP_CHANNEL, listener);
  try {
    return { value: await fn(), steps };
  } finally {
    diagnosticsChannel.unsubscribe(APPLY_STEP_CHANNEL, listener);
  }
}
