import {
  LogFollowSourceState,
  PavedErrorName,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { LogLine } from '@paved/plugin-paved-node';
import { setTimeout as sleep } from 'node:timers/promises';

type WithoutIndex<S> = S extends unknown ? Omit<S, 's'> : never;
/** What happened to one container's stream, without its index. */
export type SourceState = WithoutIndex<LogFollowSourceState>;

/** Seconds before the first retry of a failed stream; each further failure doubles it up to {@link MAX_RETRY_SECONDS}. */
const FIRST_RETRY_SECONDS = 1;
/** The longest wait between two attempts to open a container's stream again. */
const MAX_RETRY_SECONDS = 30;

/** Errors after which a container's stream is not opened again: the pod is gone, or reading it is not allowed. */
const FINAL_ERRORS: PavedErrorName[] = [
  'NotFoundError',
  'NotAllowedError',
  'AuthenticationError',
];

/** Options of {@link followSource}. */
export interface FollowSourceOptions {
  /**
   * Opens the container's stream: new lines only when `sinceTime` is not given, else every line from that
   * moment on. `onConnected` is called once the stream is open.
   */
  open: (
    sinceTime: string | undefined,
    onConnected: () => void,
  ) => AsyncIterable<LogLine>;
  /** When the follow began (RFC 3339): a stream that failed before its first line is opened again from here. */
  startedAt: string;
  signal: AbortSignal;
  onLine: (line: LogLine) => void;
  onState: (state: SourceState) => void;
  /** Seconds to wait before the `attempt`th retry in a row (1-based); default {@link retryDelaySeconds}. */
  retryInSeconds?: (attempt: number) => number;
}

/** The time of the last line sent, and the texts sent at that time. */
type LastSent = { time: string; texts: Set<string> };

/** Why a container's stream was stopped, or nothing when it ended by itself or the follow was closed. */
export type FollowSourceResult = { stopped?: Error };

/**
 * Follows one container's log until its stream ends, the follow is closed (`signal`), or an error says the
 * pod is gone or may not be read. Any other failure (the container has not started yet, its log is not
 * there yet, the connection was cut, the API server is unavailable) is reported as `retrying` and the
 * stream is opened again after a wait, from the last line sent on: lines the new stream repeats (same time
 * and text as the last ones sent) are skipped, so a retry neither loses nor repeats lines.
 */
export async function followSource(
  options: FollowSourceOptions,
): Promise<FollowSourceResult> {
  const { signal } = options;
  const retryIn = options.retryInSeconds ?? retryDelaySeconds;
  let failures = 0;
  let retrying = false;
  let last: LastSent | undefined;
  const onConnected = () => {
    if (retrying) options.onState({ state: 'following' });
    retrying = false;
  };
  while (!signal.aborted) {
    let skipUpTo = retrying ? last : undefined;
    try {
      const stream = options.open(
        retrying ? last?.time ?? options.startedAt : undefined,
        onConnected,
      );
      for await (const line of stream) {
        failures = 0;
        if (skipUpTo) {
          if (isRepeat(line, skipUpTo)) continue;
          // past the last line sent: nothing more to skip (a line at its very time may still be a repeat)
          if (line.time !== skipUpTo.time) skipUpTo = undefined;
        }
        if (last?.time === line.time) last.texts.add(line.text);
        else last = { time: line.time, texts: new Set([line.text]) };
        options.onLine(line);
      }
      return {};
    } catch (error) {
      if (signal.aborted) return {};
      const failure = error instanceof Error ? error : new Error(String(error));
      if (FINAL_ERRORS.some(name => isErrorNamed(failure, name))) {
        options.onState({ state: 'stopped', message: failure.message });
        return { stopped: failure };
      }
      failures += 1;
      const seconds = retryIn(failures);
      retrying = true;
      options.onState({
        state: 'retrying',
        message: failure.message,
        retryInSeconds: seconds,
      });
      try {
        await sleep(seconds * 1000, undefined, { signal });
      } catch {
        return {};
      }
    }
  }
  return {};
}

/** Seconds before the `attempt`th retry in a row (1-based): 1 s, doubling, at most {@link MAX_RETRY_SECONDS}. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempt - 1));
}

/** Whether a line of a reopened stream was sent already: older than the last sent, or the same time and text. */
function isRepeat(line: LogLine, last: LastSent): boolean {
  if (line.time === last.time) return last.texts.has(line.text);
  const [key, lastKey] = [timeKey(line.time), timeKey(last.time)];
  return key !== undefined && lastKey !== undefined && key < lastKey;
}

/**
 * An RFC 3339 UTC time (`…T10:00:00.123456789Z`, any number of fraction digits) as text that sorts in time
 * order, or undefined for any other form.
 */
export function timeKey(time: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(
    time,
  );
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : undefined;
}
