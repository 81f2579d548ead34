import {
  EnvironmentPlace,
  TraceSpan,
  TraceSummary,
} from '@paved/plugin-paved-common';
import { StoredSpan, StoredTrace } from '@paved/plugin-paved-node';

/** The resource attribute naming a span's namespace (OpenTelemetry's Kubernetes semantic conventions). */
export const NAMESPACE_ATTRIBUTE = 'k8s.namespace.name';

/**
 * Who may see a span in full: `readable` services (the caller holds the traces permission on their components),
 * and of the entity's own service only the spans in its environments' namespaces (`ownNamespaces`), since
 * another team's workload may carry the same service name.
 */
export interface SpanReaders {
  service: string;
  ownNamespaces: Set<string>;
  readable: Set<string>;
}

/** Whether the caller may see `span` in full. */
export function isReadable(span: StoredSpan, readers: SpanReaders): boolean {
  if (span.service === readers.service) {
    return readers.ownNamespaces.has(span.resource[NAMESPACE_ATTRIBUTE] ?? '');
  }
  return readers.readable.has(span.service);
}

/** A span as the caller may see it: in full, or only its service and timing (an opaque hop). */
export function viewSpan(span: StoredSpan, readable: boolean): TraceSpan {
  const timing = {
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    service: span.service,
    start: span.startMicros,
    duration: span.durationMicros,
  };
  if (!readable) return { ...timing, opaque: true };
  const r = span.resource;
  const place = {
    ...(r[NAMESPACE_ATTRIBUTE] ? { namespace: r[NAMESPACE_ATTRIBUTE] } : {}),
    ...(r['k8s.pod.name'] ? { pod: r['k8s.pod.name'] } : {}),
    ...(r['deployment.environment.name'] ?? r['deployment.environment']
      ? {
          environment:
            r['deployment.environment.name'] ?? r['deployment.environment'],
        }
      : {}),
    ...(r['service.version'] ? { version: r['service.version'] } : {}),
  };
  return {
    ...timing,
    opaque: false,
    operation: span.operation,
    ...(span.kind ? { kind: span.kind } : {}),
    error: span.error,
    ...(span.statusMessage ? { statusMessage: span.statusMessage } : {}),
    attributes: span.attributes,
    ...(Object.keys(place).length > 0 ? { place } : {}),
  };
}

/** The trace's spans as the caller may see them, by start (parents before children at the same start). */
export function viewTrace(
  trace: StoredTrace,
  readers: SpanReaders,
): TraceSpan[] {
  const depth = spanDepths(trace.spans);
  return [...trace.spans]
    .sort(
      (a, b) =>
        a.startMicros - b.startMicros ||
        (depth.get(a.spanId) ?? 0) - (depth.get(b.spanId) ?? 0),
    )
    .map(span => viewSpan(span, isReadable(span, readers)));
}

function spanDepths(spans: StoredSpan[]): Map<string, number> {
  const parents = new Map(spans.map(s => [s.spanId, s.parentSpanId]));
  const depths = new Map<string, number>();
  for (const span of spans) {
    let depth = 0;
    let parent = span.parentSpanId;
    const seen = new Set<string>();
    while (parent && parents.has(parent) && !seen.has(parent)) {
      seen.add(parent);
      depth++;
      parent = parents.get(parent);
    }
    depths.set(span.spanId, depth);
  }
  return depths;
}

/**
 * The failed span where the failure began: a failed span none of whose children failed (the deepest of a chain
 * of failures), the earliest such when there are several.
 */
export function rootCauseSpan(spans: StoredSpan[]): StoredSpan | undefined {
  const failed = spans.filter(s => s.error);
  const failedParents = new Set(
    failed.map(s => s.parentSpanId).filter((p): p is string => !!p),
  );
  return failed
    .filter(s => !failedParents.has(s.spanId))
    .sort((a, b) => a.startMicros - b.startMicros)[0];
}

/**
 * The Traces card's line of one trace through the entity's service in one environment; undefined when the trace
 * has no span of the service there (a store that matched on something else).
 */
export function summarizeTrace(
  trace: StoredTrace,
  readers: SpanReaders,
  place: EnvironmentPlace,
): TraceSummary | undefined {
  const own = trace.spans
    .filter(
      s =>
        s.service === readers.service &&
        s.resource[NAMESPACE_ATTRIBUTE] === place.namespace,
    )
    .sort((a, b) => a.startMicros - b.startMicros);
  if (own.length === 0) return undefined;
  const ids = new Set(trace.spans.map(s => s.spanId));
  const root =
    [...trace.spans]
      .filter(s => !s.parentSpanId || !ids.has(s.parentSpanId))
      .sort((a, b) => a.startMicros - b.startMicros)[0] ?? own[0];
  const start = Math.min(...trace.spans.map(s => s.startMicros));
  const end = Math.max(
    ...trace.spans.map(s => s.startMicros + s.durationMicros),
  );
  const services: string[] = [];
  for (const span of [...trace.spans].sort(
    (a, b) => a.startMicros - b.startMicros,
  )) {
    if (!services.includes(span.service)) services.push(span.service);
  }
  const cause = rootCauseSpan(trace.spans);
  return {
    ...place,
    traceId: trace.traceId,
    start,
    duration: end - start,
    rootService: root.service,
    ...(isReadable(root, readers) ? { rootOperation: root.operation } : {}),
    operation: own[0].operation,
    spanDuration: own[0].durationMicros,
    error: own.some(s => s.error),
    ...(cause && isReadable(cause, readers)
      ? {
          failedSpan: {
            service: cause.service,
            operation: cause.operation,
            ...(cause.statusMessage ? { message: cause.statusMessage } : {}),
          },
        }
      : {}),
    spanCount: trace.spans.length,
    services,
  };
}
