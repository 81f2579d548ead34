import { Entity } from '@backstage/catalog-model';

/** The entity annotation naming its error-rate goal, a fraction of requests, e.g. `0.01` for 1 %. */
export const ERROR_RATIO_GOAL_ANNOTATION = 'paved.dev/error-ratio-goal';
/** The entity annotation naming its p95 latency goal in milliseconds, e.g. `300`. */
export const P95_GOAL_ANNOTATION = 'paved.dev/p95-goal-ms';

/**
 * The goal lines the metrics charts draw, from the entity's annotations; an annotation that is not a
 * number in range is ignored.
 */
export function goalsOf(entity: Entity): {
  errorRatio?: { value: number; label: string };
  p95?: { value: number; label: string };
} {
  const annotations = entity.metadata.annotations ?? {};
  const errorRatio = Number(annotations[ERROR_RATIO_GOAL_ANNOTATION]);
  const p95Ms = Number(annotations[P95_GOAL_ANNOTATION]);
  return {
    ...(annotations[ERROR_RATIO_GOAL_ANNOTATION] &&
    errorRatio > 0 &&
    errorRatio < 1
      ? { errorRatio: { value: errorRatio, label: 'error budget' } }
      : {}),
    ...(annotations[P95_GOAL_ANNOTATION] && p95Ms > 0 && p95Ms < 600_000
      ? { p95: { value: p95Ms / 1000, label: 'goal' } }
      : {}),
  };
}
