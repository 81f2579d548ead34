import {
  GeneratedValueShape,
  PAVED_ANNOTATIONS,
  generatedValueShapeSchema,
  secretKeySchema,
} from '@paved/plugin-paved-common';
import { z } from 'zod/v3';

/**
 * Who last set a key through Paved, and when.
 *
 * @public
 */
export interface SecretKeyChange {
  by: string;
  at: string;
}

/**
 * A Secret's rotation schedule: how often (an ISO-8601 duration) and which keys are generated, in which shape.
 *
 * @public
 */
export interface SecretRotationSchedule {
  every: string;
  keys: Array<{ key: string; shape: GeneratedValueShape }>;
}

const changesSchema = z.record(
  z.object({ by: z.string().max(300), at: z.string().max(40) }),
);
const scheduleSchema = z.object({
  every: z.string(),
  keys: z.array(
    z.object({ key: secretKeySchema, shape: generatedValueShapeSchema }),
  ),
});

function parseJson<T>(text: string | undefined, schema: z.ZodType<T>) {
  if (!text) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The per-key change record of a Secret's annotations (empty when absent or unreadable). */
export function readKeyChanges(
  annotations: Record<string, string> | undefined,
): Record<string, SecretKeyChange> {
  return (
    parseJson(annotations?.[PAVED_ANNOTATIONS.secretChanges], changesSchema) ??
    {}
  );
}

/** The change record with `keys` set by `by` at `at`, as the annotation's text. */
export function withKeyChanges(
  annotations: Record<string, string> | undefined,
  keys: string[],
  by: string,
  at: string,
): string {
  const changes = readKeyChanges(annotations);
  for (const key of keys) changes[key] = { by, at };
  return JSON.stringify(changes);
}

/** The rotation schedule of a Secret's annotations, when it has a valid one. */
export function readRotationSchedule(
  annotations: Record<string, string> | undefined,
): SecretRotationSchedule | undefined {
  return parseJson(
    annotations?.[PAVED_ANNOTATIONS.secretRotation],
    scheduleSchema,
  ) as SecretRotationSchedule | undefined;
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * Milliseconds of an ISO-8601 duration of days, hours, minutes and seconds (`P30D`, `PT12H`, `PT30S`);
 * undefined for anything else or a zero duration.
 *
 * @public
 */
export function durationMs(every: string): number | undefined {
  const match = DURATION.exec(every);
  if (!match) return undefined;
  const [d, h, m, s] = match.slice(1).map(v => Number(v ?? 0));
  const ms = (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
  return ms > 0 ? ms : undefined;
}

/**
 * When a Secret with `schedule`, last rotated at `rotatedAt` (or never), is next due; a Secret never rotated
 * is due at once.
 *
 * @public
 */
export function nextRotation(
  schedule: SecretRotationSchedule,
  rotatedAt: string | undefined,
): Date | undefined {
  const every = durationMs(schedule.every);
  if (every === undefined) return undefined;
  const last = rotatedAt ? Date.parse(rotatedAt) : NaN;
  return Number.isNaN(last) ? new Date(0) : new Date(last + every);
}
