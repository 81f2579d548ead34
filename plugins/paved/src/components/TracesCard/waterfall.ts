import { TraceSpan } from '@paved/plugin-paved-common';

/** One row of a trace's waterfall: the span, its depth in the call tree and its bar (percent of the trace). */
export interface WaterfallRow {
  span: TraceSpan;
  depth: number;
  /** Where the bar begins, percent of the trace's extent. */
  offset: number;
  /** How long the bar is, percent of the trace's extent (at least a sliver, so a short span stays visible). */
  width: number;
}

/** When a trace's first span starts and its last span ends, microseconds since the epoch. */
export function traceExtent(spans: TraceSpan[]): {
  start: number;
  end: number;
} {
  return {
    start: Math.min(...spans.map(s => s.start)),
    end: Math.max(...spans.map(s => s.start + s.duration)),
  };
}

/**
 * The rows of a waterfall: spans in call-tree order (each parent followed by its children by start), indented by
 * depth, with bars scaled to the trace's extent. A span whose parent is not in the trace starts a tree of its own.
 */
export function waterfallRows(spans: TraceSpan[]): WaterfallRow[] {
  if (spans.length === 0) return [];
  const { start, end } = traceExtent(spans);
  const extent = Math.max(end - start, 1);
  const ids = new Set(spans.map(s => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) {
      children.set(span.parentSpanId, [
        ...(children.get(span.parentSpanId) ?? []),
        span,
      ]);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a: TraceSpan, b: TraceSpan) => a.start - b.start;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: TraceSpan, depth: number) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    rows.push({
      span,
      depth,
      offset: ((span.start - start) / extent) * 100,
      width: Math.max((span.duration / extent) * 100, 0.5),
    });
    for (const child of (children.get(span.spanId) ?? []).sort(byStart)) {
      visit(child, depth + 1);
    }
  };
  for (const root of roots.sort(byStart)) visit(root, 0);
  return rows;
}

/** A duration in microseconds as people read it: `850 µs`, `12.3 ms`, `1.50 s`. */
export function formatMicros(micros: number): string {
  if (micros < 1000) return `${Math.round(micros)} µs`;
  if (micros < 1_000_000) {
    const ms = micros / 1000;
    return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  }
  return `${(micros / 1_000_000).toFixed(2)} s`;
}
