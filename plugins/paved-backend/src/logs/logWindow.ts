import { BoundedLogRead, LogLine } from '@paved/plugin-paved-node';
import { timeKey } from './logTail';

/** Unix seconds as the RFC 3339 time the pod log API's `sinceTime` takes, e.g. `2026-11-21T10:00:00Z`. */
export function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * A window of the past the logs are read in: from `sinceTime` (RFC 3339), and, when it is closed, up to
 * `until` (RFC 3339) — then each container is read from `sinceTime` forward, without `tailLines`.
 */
export interface LogWindow {
  sinceTime?: string;
  until?: string;
}

/** The window of a logs query's `since` and `until` (unix seconds); empty without `since`. */
export function logWindow(query: {
  since?: number;
  until?: number;
}): LogWindow {
  if (query.since === undefined) return {};
  return {
    sinceTime: rfc3339(query.since),
    ...(query.until !== undefined ? { until: rfc3339(query.until) } : {}),
  };
}

/**
 * The newest `tail` lines of a container's read from the window's start that are not after `until` (lines
 * without a timestamp are kept); `cut` when the read stopped at its byte limit before reaching `until`, so
 * the window's later lines of that container are missing.
 */
export function linesInWindow(
  read: BoundedLogRead,
  until: string,
  tail: number,
): { lines: LogLine[]; cut: boolean } {
  const end = timeKey(until);
  const inside = read.lines.filter(line => timeKey(line.time) <= end);
  return {
    lines: inside.slice(-tail),
    cut: read.truncated && inside.length === read.lines.length,
  };
}
