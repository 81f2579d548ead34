import {
  Diagnosis,
  EnvironmentHealth,
  WorkloadSummary,
} from '@paved/plugin-paved-common';

/**
 * The diagnoses that fail a rollout, most telling first: what keeps the pods from running (crash loops, OOM
 * kills, image pulls, failed exits) before the rollout that exceeded its deadline because of them
 * (`rollout-stuck`: a workload's Progressing condition has reason ProgressDeadlineExceeded).
 */
export const ROLLOUT_FAILURES: readonly string[] = [
  'crash-loop',
  'oom-killed',
  'image-pull',
  'failed-exit',
  'rollout-stuck',
];

/** `diagnoses` with the ones that fail a rollout first ({@link ROLLOUT_FAILURES} order), the rest as found. */
export function mostTellingFirst<D extends Pick<Diagnosis, 'kind'>>(
  diagnoses: D[],
): D[] {
  const rank = (d: D) => {
    const i = ROLLOUT_FAILURES.indexOf(d.kind);
    return i === -1 ? ROLLOUT_FAILURES.length : i;
  };
  return diagnoses
    .map((d, i) => ({ d, i }))
    .sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i)
    .map(({ d }) => d);
}

/**
 * The rollout of an entity's workloads in one environment, with ready and desired replicas summed over
 * them: `none` without workloads; `failed` when a diagnosis there fails a rollout ({@link ROLLOUT_FAILURES});
 * `scaled-down` when they desire no replica; `progressing` while fewer are ready than desired; `complete`
 * otherwise. The overview's workloads carry ready and desired replicas, so a rollout whose new pods are
 * ready but whose old ones still run counts as complete.
 */
export function rolloutOf(
  workloads: WorkloadSummary[],
  diagnoses: Array<Pick<Diagnosis, 'kind'>>,
): Pick<EnvironmentHealth, 'rollout' | 'ready' | 'desired'> {
  const ready = workloads.reduce((sum, w) => sum + (w.ready ?? 0), 0);
  const desired = workloads.reduce((sum, w) => sum + (w.desired ?? 0), 0);
  const replicated = workloads.some(w => w.desired !== undefined);
  let rollout: EnvironmentHealth['rollout'] = 'complete';
  if (workloads.length === 0) rollout = 'none';
  else if (diagnoses.some(d => ROLLOUT_FAILURES.includes(d.kind)))
    rollout = 'failed';
  else if (replicated && desired === 0) rollout = 'scaled-down';
  else if (ready < desired) rollout = 'progressing';
  return { rollout, ready, desired };
}
