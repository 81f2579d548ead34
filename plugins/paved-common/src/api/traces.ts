import { z } from 'zod/v3';
import type { PartialClusterAnswer } from './clusters';
import type { EnvironmentPlace } from './observe';
import { SIGNAL_RANGES } from './observe';
import { environmentName, refineWindow, unixSeconds } from './queryFields';

/**
 * Where a span ran, from its resource: the pod and namespace when the span came from a workload.
 *
 * @public
 */
export interface SpanPlace {
  namespace?: string;
  pod?: string;
  environment?: string;
  version?: string;
}

/**
 * One span of a trace. A span of a service the caller may not read is `opaque`: only its service and its timing
 * are given (no operation, status, attributes or place).
 *
 * @public
 */
export interface TraceSpan {
  spanId: string;
  /** The span this one is a child of; absent for a root (or when the parent is not in the trace). */
  parentSpanId?: string;
  service: string;
  /** Start, microseconds since the epoch. */
  start: number;
  /** Duration in microseconds. */
  duration: number;
  opaque: boolean;
  operation?: string;
  /** `server`, `client`, `internal`, `producer` or `consumer`, when known. */
  kind?: string;
  error?: boolean;
  /** The span's status message, when it failed. */
  statusMessage?: string;
  /** The span's attributes (tags), as text. */
  attributes?: Record<string, string>;
  place?: SpanPlace;
}

/**
 * A trace through an entity's service, as listed on the Traces card: the trace's whole extent and the entity's
 * own span in it.
 *
 * @public
 */
export interface TraceSummary extends EnvironmentPlace {
  traceId: string;
  /** Start of the trace's first span, microseconds since the epoch. */
  start: number;
  /** From the first span's start to the last span's end, microseconds. */
  duration: number;
  /** The root span's service, and its operation when the caller may read that service. */
  rootService: string;
  rootOperation?: string;
  /** The entity's first span in the trace: its operation, duration (µs) and whether it failed. */
  operation: string;
  spanDuration: number;
  /** A span of the entity's service failed. */
  error: boolean;
  /** The first failed span of the trace, when the caller may read its service. */
  failedSpan?: { service: string; operation: string; message?: string };
  spanCount: number;
  /** The services the trace went through, in order of first appearance. */
  services: string[];
}

/** The answer of the traces endpoint: the newest traces first. @public */
export interface EntityTraces extends PartialClusterAnswer {
  traces: TraceSummary[];
  /** Set when clusters of the entity's environments have no trace store configured, naming them. */
  notice?: string;
}

/** The answer of the trace endpoint: one trace through the entity's service, spans by start. @public */
export interface EntityTrace extends EnvironmentPlace {
  traceId: string;
  spans: TraceSpan[];
}

/** The limit on the traces one search answers. @public */
export const MAX_TRACES_PER_SEARCH = 100;

/**
 * The traces endpoint's query: the tab's window (a preset `range` ending now, or `start`/`end` in unix seconds),
 * optionally one environment, only failed traces (`status=error`), a minimum duration of the entity's span
 * (`minDurationMs`) and its operation.
 *
 * @public
 */
export const tracesQuery = z
  .object({
    environment: environmentName.optional(),
    range: z.enum(SIGNAL_RANGES).default('1h'),
    start: unixSeconds('start').optional(),
    end: unixSeconds('end').optional(),
    status: z
      .enum(['all', 'error'], {
        errorMap: () => ({
          message: 'status must be all or error',
        }),
      })
      .default('all'),
    minDurationMs: z.coerce
      .number({ invalid_type_error: 'minDurationMs must be milliseconds' })
      .int('minDurationMs must be whole milliseconds')
      .min(0, 'minDurationMs must not be negative')
      .max(3_600_000, 'minDurationMs may be at most an hour (3600000)')
      .optional(),
    operation: z
      .string()
      .min(1, 'operation must not be empty')
      .max(200, 'operation: at most 200 characters')
      .optional(),
    limit: z.coerce
      .number()
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(
        MAX_TRACES_PER_SEARCH,
        `limit may be at most ${MAX_TRACES_PER_SEARCH}`,
      )
      .default(20),
  })
  .superRefine(refineWindow);

/** A trace id: 32 (or 16) lowercase hexadecimal digits. @public */
export const traceIdSchema = z
  .string()
  .regex(
    /^(?:[0-9a-f]{16}|[0-9a-f]{32})$/,
    'traceId must be 16 or 32 lowercase hexadecimal digits',
  );

/** The trace endpoint's query: the environment to look in (all of the entity's when absent). @public */
export const traceQuery = z.object({
  environment: environmentName.optional(),
});
