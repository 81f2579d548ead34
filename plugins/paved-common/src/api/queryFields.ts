import { z } from 'zod/v3';
import { kubernetesNameSchema } from '../names';

// Query fields shared by the contract's routes (not part of the package's exports).

/** An environment's name in a query. */
export const environmentName = kubernetesNameSchema('environment', 'label');

/** Unix seconds in a query, e.g. `1764930000`. */
export const unixSeconds = (field: string) =>
  z.coerce
    .number({
      invalid_type_error: `${field} must be unix seconds, e.g. 1764930000`,
    })
    .int(`${field} must be whole unix seconds, e.g. 1764930000`)
    .min(
      1_000_000_000,
      `${field} must be unix seconds (after 2001), e.g. 1764930000`,
    )
    .max(99_999_999_999, `${field} must be unix seconds, not milliseconds`);

/** Longest window the time-bounded queries accept: 7 days. @public */
export const MAX_QUERY_WINDOW_SECONDS = 7 * 24 * 3600;

/**
 * Checks a query's custom window: `start` and `end` (unix seconds) both or neither, `end` after `start`, at
 * most {@link MAX_QUERY_WINDOW_SECONDS} apart; each problem names its field.
 */
export function refineWindow(
  q: { start?: number; end?: number },
  ctx: z.RefinementCtx,
) {
  if ((q.start === undefined) !== (q.end === undefined)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: [q.start === undefined ? 'start' : 'end'],
      message: 'a custom window needs both start and end (unix seconds)',
    });
    return;
  }
  if (q.start !== undefined && q.end !== undefined) {
    if (q.end <= q.start) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['end'],
        message: 'end must be after start',
      });
    } else if (q.end - q.start > MAX_QUERY_WINDOW_SECONDS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['start'],
        message: 'the window may be at most 7 days; move start closer to end',
      });
    }
  }
}
