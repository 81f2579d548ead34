import { EnvironmentPlace } from '../entity/entityEnvironments';

/** Which containers to read. */
export interface LogFilters {
  environment?: string;
  pod?: string;
  container?: string;
}

/** Where log lines come from: one container of the entity. */
export interface LogSource extends EnvironmentPlace {
  pod: string;
  container: string;
}

/** One container of the entity. */
export type LogTarget = LogSource;

/** The containers to read for a request, and why not all of them when there are too many. */
export interface LogSelection {
  targets: LogTarget[];
  /** Set when more containers matched than are read. */
  notice?: string;
}

/** A log line: `t` the API server's timestamp, `s` the index of its container in `sources`. */
export interface CompactLogLine {
  t: string;
  s: number;
  text: string;
}

/** The answer of the logs endpoint: each container described once, lines pointing at it. */
export interface EntityLogs {
  sources: LogSource[];
  lines: CompactLogLine[];
  notice?: string;
}
