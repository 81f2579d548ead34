import { SIGNAL_RANGES } from '@paved/plugin-paved-common';

/** A preset of the tab's time range, or `custom` (then `from` and `to` hold it). @public */
export type TimeRangeName = (typeof SIGNAL_RANGES)[number] | 'custom';

/** The log levels the logs filter offers, most severe first; `OTHER` is a line without a level. @public */
export const LOG_LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'OTHER'] as const;

/** One of {@link LOG_LEVELS}. @public */
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * What the Platform tab shows, kept in the page's URL so that a link restores it: the time range every
 * card follows, a moment picked on a chart, the logs' filters, and the line, event or diagnosis a link
 * points at.
 *
 * @public
 */
export interface PlatformViewState {
  /** The tab's time range (`range`); 1h when the URL names none. */
  range: TimeRangeName;
  /** Unix seconds; the custom range's start (`from`). */
  from?: number;
  /** Unix seconds; the custom range's end (`to`). */
  to?: number;
  /** Unix seconds; a moment picked on a chart (`at`): logs and events narrow to the minute around it. */
  at?: number;
  /** The section the page was scrolled to (`section`). */
  section?: string;
  /** The environment the cards filter to (`env`). */
  environment?: string;
  /** Log levels shown (`level`, comma-separated); all when empty. */
  levels: LogLevel[];
  /** The logs' field filter (`fields`), e.g. `status=503 request_id=abc`. */
  fields?: string;
  /** A log line a link points at (`line`), see {@link logLineId}. */
  line?: string;
  /** An event a link points at (`event`). */
  event?: string;
  /** A diagnosis a link points at (`diagnosis`). */
  diagnosis?: string;
  /** The trace opened in the Traces section (`trace`, its id). */
  trace?: string;
  /** Only failed traces in the Traces section (`traces=error`). */
  traceStatus?: 'error';
  /** The Traces section's operation filter (`op`). */
  traceOperation?: string;
  /** The Traces section's minimum duration in milliseconds (`minms`). */
  traceMinMs?: number;
}

/** Seconds either side of a moment picked on a chart that logs and events show. */
export const MOMENT_SPAN_SECONDS = 60;

/** Longest custom range (the metrics backend's limit): 7 days. */
export const MAX_CUSTOM_RANGE_SECONDS = 7 * 24 * 3600;

const PRESET_SECONDS: Record<Exclude<TimeRangeName, 'custom'>, number> = {
  '15m': 15 * 60,
  '1h': 3600,
  '6h': 6 * 3600,
  '24h': 24 * 3600,
};

const unixSeconds = (value: string | null): number | undefined => {
  if (!value || !/^\d{9,11}$/.test(value)) return undefined;
  return Number(value);
};

const text = (value: string | null, max = 300): string | undefined =>
  value ? value.slice(0, max) : undefined;

/** The view a URL's query describes; anything unknown or malformed is left at its default. */
export function parseViewState(params: URLSearchParams): PlatformViewState {
  const rangeParam = params.get('range');
  let range: TimeRangeName = (
    [...SIGNAL_RANGES, 'custom'] as string[]
  ).includes(rangeParam ?? '')
    ? (rangeParam as TimeRangeName)
    : '1h';
  let from = unixSeconds(params.get('from'));
  let to = unixSeconds(params.get('to'));
  if (range === 'custom') {
    if (
      from === undefined ||
      to === undefined ||
      to <= from ||
      to - from > MAX_CUSTOM_RANGE_SECONDS
    ) {
      range = '1h';
      from = undefined;
      to = undefined;
    }
  } else {
    from = undefined;
    to = undefined;
  }
  const levels = (params.get('level') ?? '')
    .split(',')
    .map(l => l.trim().toUpperCase())
    .filter((l): l is LogLevel =>
      (LOG_LEVELS as readonly string[]).includes(l),
    );
  return {
    range,
    from,
    to,
    at: unixSeconds(params.get('at')),
    section: text(params.get('section'), 40),
    environment: text(params.get('env'), 63),
    levels: [...new Set(levels)],
    fields: text(params.get('fields'), 200),
    line: text(params.get('line')),
    event: text(params.get('event')),
    diagnosis: text(params.get('diagnosis')),
    trace: /^[0-9a-f]{16,32}$/.test(params.get('trace') ?? '')
      ? params.get('trace')!
      : undefined,
    traceStatus: params.get('traces') === 'error' ? 'error' : undefined,
    traceOperation: text(params.get('op'), 200),
    traceMinMs: /^\d{1,7}$/.test(params.get('minms') ?? '')
      ? Number(params.get('minms'))
      : undefined,
  };
}

/** `params` with the view written into it (keys of other plugins are kept; defaults are left out). */
export function writeViewState(
  params: URLSearchParams,
  view: PlatformViewState,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | number | undefined) => {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
  };
  set('range', view.range === '1h' ? undefined : view.range);
  set('from', view.range === 'custom' ? view.from : undefined);
  set('to', view.range === 'custom' ? view.to : undefined);
  set('at', view.at);
  set('section', view.section);
  set('env', view.environment);
  set('level', view.levels.length ? view.levels.join(',') : undefined);
  set('fields', view.fields);
  set('line', view.line);
  set('event', view.event);
  set('diagnosis', view.diagnosis);
  set('trace', view.trace);
  set('traces', view.traceStatus);
  set('op', view.traceOperation);
  set('minms', view.traceMinMs || undefined);
  return next;
}

/** The window the tab's range covers at `now` (unix seconds): `[start, end]`. */
export function rangeWindow(
  view: Pick<PlatformViewState, 'range' | 'from' | 'to'>,
  now: number,
): { start: number; end: number } {
  if (
    view.range === 'custom' &&
    view.from !== undefined &&
    view.to !== undefined
  ) {
    return { start: view.from, end: Math.min(view.to, now) };
  }
  const seconds = PRESET_SECONDS[view.range as keyof typeof PRESET_SECONDS];
  return { start: now - seconds, end: now };
}

/**
 * The window logs and events show: the minute around a moment picked on a chart when there is one,
 * otherwise the tab's range.
 */
export function eventWindow(
  view: Pick<PlatformViewState, 'range' | 'from' | 'to' | 'at'>,
  now: number,
): { start: number; end: number } {
  if (view.at !== undefined) {
    return {
      start: view.at - MOMENT_SPAN_SECONDS,
      end: Math.min(view.at + MOMENT_SPAN_SECONDS, now),
    };
  }
  return rangeWindow(view, now);
}

/** How the range is named to a person, e.g. "last 1 hour" or "12:00 – 13:30". */
export function describeRange(
  view: Pick<PlatformViewState, 'range' | 'from' | 'to'>,
): string {
  switch (view.range) {
    case '15m':
      return 'last 15 minutes';
    case '1h':
      return 'last hour';
    case '6h':
      return 'last 6 hours';
    case '24h':
      return 'last 24 hours';
    default:
      return `${formatMoment(view.from!)} – ${formatMoment(view.to!)}`;
  }
}

/** A unix time as the browser's local date and time, to the minute. */
export function formatMoment(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/**
 * A log line's id for links: its container (cluster, namespace, pod, container) and the API server's
 * timestamp, which is unique within one container's log to the nanosecond.
 */
export function logLineId(line: {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  time: string;
}): string {
  return `${line.cluster}/${line.namespace}/${line.pod}/${line.container}@${line.time}`;
}

/** The unix second of a log line id's timestamp, undefined when the id is malformed. */
export function logLineTime(id: string): number | undefined {
  const at = id.lastIndexOf('@');
  if (at < 0) return undefined;
  const ms = Date.parse(id.slice(at + 1));
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
