import { z } from 'zod/v3';
import type { EntityPlatformOverview } from '../types';
import type { PartialClusterAnswer } from './clusters';
import type {
  EntityDiagnosis,
  EntityEvents,
  EntityHealth,
  EntityPodUsage,
  GoldenSignals,
} from './observe';

/**
 * Why one part of the Platform tab's first answer is left out: `not-allowed` (the caller does not hold the
 * part's permission on the entity; `message` is the refusal the part's own route answers with 403, naming
 * the permission and the owner, never the part's data) or `failed` (reading it failed; `message` says why).
 * The card of the part shows it as its own route's error, and may ask its own route again.
 *
 * @public
 */
export interface PlatformPartOmission {
  reason: 'not-allowed' | 'failed';
  /** The HTTP status the part's own route answers with (403 when not allowed). */
  status: number;
  /** The error's name, e.g. `NotAllowedError`, `UpstreamTimeoutError`. */
  name: string;
  message: string;
}

/**
 * One part of the Platform tab's first answer: what the part's own route answers, or why it is left out.
 *
 * @public
 */
export type PlatformPart<T> = { value: T } | { omitted: PlatformPartOmission };

/** The names of the parts of {@link EntityPlatformPage} besides the overview. @public */
export const PLATFORM_PARTS = [
  'diagnoses',
  'events',
  'currentMetrics',
  'goldenSignals',
  'health',
] as const;

/** One of {@link PLATFORM_PARTS}. @public */
export type PlatformPartName = (typeof PLATFORM_PARTS)[number];

/**
 * The answer of `GET /entities/:namespace/:kind/:name/platform?parts=…`: what the Platform tab paints first,
 * in one round trip. Each part is what its own route answers (`overview`, `diagnoses`, `events`,
 * `metrics/current`, `metrics/golden-signals` and `health` over `1h`), checked with that route's permission; a part is
 * there when `parts` names it (all of them when `parts` is left out). The logs are never part of it (the Logs
 * card reads them when it is shown). `unavailableClusters` gathers the clusters any part is missing, each
 * named once.
 *
 * @public
 */
export interface EntityPlatformPage extends PartialClusterAnswer {
  overview: EntityPlatformOverview;
  diagnoses?: PlatformPart<
    { diagnoses: EntityDiagnosis[] } & PartialClusterAnswer
  >;
  events?: PlatformPart<EntityEvents>;
  currentMetrics?: PlatformPart<
    { pods: EntityPodUsage[] } & PartialClusterAnswer
  >;
  goldenSignals?: PlatformPart<GoldenSignals>;
  /** Each environment at a glance over the last hour (`health`'s answer). */
  health?: PlatformPart<EntityHealth>;
}

/**
 * The platform endpoint's query: `parts`, the comma-separated {@link PLATFORM_PARTS} to answer besides the
 * overview (an empty value for none; every part when left out).
 *
 * @public
 */
export const platformQuery = z.object({
  parts: z
    .string()
    .max(200)
    .optional()
    .transform((value, ctx): PlatformPartName[] => {
      if (value === undefined) return [...PLATFORM_PARTS];
      const names = value.split(',').filter(Boolean);
      const unknown = names.filter(
        n => !(PLATFORM_PARTS as readonly string[]).includes(n),
      );
      if (unknown.length > 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `parts: ${unknown.join(
            ', ',
          )} is not a part of the platform page; use any of ${PLATFORM_PARTS.join(
            ', ',
          )}, separated by commas`,
        });
        return z.NEVER;
      }
      return [...new Set(names)] as PlatformPartName[];
    }),
});
