import { z } from 'zod/v3';

/**
 * One span as a trace store keeps it: its service and resource (where it ran), its operation, timing, status and
 * attributes.
 *
 * @public
 */
export interface StoredSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  operation: string;
  /** Microseconds since the epoch. */
  startMicros: number;
  durationMicros: number;
  /** `server`, `client`, `internal`, `producer` or `consumer`, when the span says. */
  kind?: string;
  error: boolean;
  statusMessage?: string;
  attributes: Record<string, string>;
  /** The resource's attributes (`k8s.namespace.name`, `k8s.pod.name`, …). */
  resource: Record<string, string>;
}

/** A trace as a trace store keeps it. @public */
export interface StoredTrace {
  traceId: string;
  spans: StoredSpan[];
}

const jaegerTag = z.object({
  key: z.string(),
  value: z.unknown(),
});

/** A trace in Jaeger's query API format (`/api/traces`). */
export const jaegerTraceSchema = z.object({
  traceID: z.string(),
  spans: z.array(
    z.object({
      spanID: z.string(),
      operationName: z.string(),
      references: z
        .array(
          z.object({
            refType: z.string(),
            spanID: z.string(),
            traceID: z.string().optional(),
          }),
        )
        .nullish(),
      startTime: z.number(),
      duration: z.number(),
      tags: z.array(jaegerTag).nullish(),
      processID: z.string().optional(),
    }),
  ),
  processes: z
    .record(
      z.object({
        serviceName: z.string(),
        tags: z.array(jaegerTag).nullish(),
      }),
    )
    .nullish(),
});

/** Tags Jaeger derives from a span's status and kind: shown as the span's fields, not as attributes. */
const STATUS_TAGS = new Set([
  'error',
  'otel.status_code',
  'otel.status_description',
  'span.kind',
  'internal.span.format',
]);

function tagText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function tagMap(
  tags: Array<{ key: string; value?: unknown }> | null | undefined,
) {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) map[tag.key] = tagText(tag.value);
  return map;
}

/** Converts one trace of Jaeger's query API format. */
export function fromJaegerTrace(
  trace: z.infer<typeof jaegerTraceSchema>,
): StoredTrace {
  const processes = trace.processes ?? {};
  return {
    traceId: trace.traceID,
    spans: trace.spans.map(span => {
      const tags = tagMap(span.tags);
      const process = span.processID ? processes[span.processID] : undefined;
      const parent = span.references?.find(r => r.refType === 'CHILD_OF');
      const attributes: Record<string, string> = {};
      for (const [key, value] of Object.entries(tags)) {
        if (!STATUS_TAGS.has(key)) attributes[key] = value;
      }
      const error =
        tags.error === 'true' || tags['otel.status_code'] === 'ERROR';
      return {
        spanId: span.spanID,
        ...(parent ? { parentSpanId: parent.spanID } : {}),
        service: process?.serviceName ?? 'unknown',
        operation: span.operationName,
        startMicros: span.startTime,
        durationMicros: span.duration,
        ...(tags['span.kind'] ? { kind: tags['span.kind'] } : {}),
        error,
        ...(error && tags['otel.status_description']
          ? { statusMessage: tags['otel.status_description'] }
          : {}),
        attributes,
        resource: tagMap(process?.tags),
      };
    }),
  };
}
