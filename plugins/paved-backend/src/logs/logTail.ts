import { LogLine, mapWithConcurrency } from '@paved/plugin-paved-node';

/**
 * A sort key for the API server's RFC 3339 timestamps: `2026-11-21T09:08:48.6686Z` and
 * `2026-11-21T09:08:48.668639365Z` compare correctly as strings once the fraction has nine digits (the
 * API server drops trailing zeros). Lines without a timestamp sort first.
 */
export function timeKey(time: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(
    time,
  );
  if (match) return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}`;
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms)
    ? ''
    : `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000)
        .padStart(3, '0')
        .padEnd(9, '0')}`;
}

/** A line of one source (the index of its container), with its sort key. */
export interface SourcedLine {
  line: LogLine;
  source: number;
  key: string;
}

/** Reads the last `lines` lines of source `source`; a source without a log answers `[]`. */
export type ReadTail = (source: number, lines: number) => Promise<LogLine[]>;

/**
 * The newest `tail` lines (passing `keep`) among the last `depth` lines of each of `sources` containers,
 * oldest first, without reading `depth` lines from each: every container is first asked for `firstAsk`
 * lines (by default about twice its share, `2 * ceil(tail / sources) + 8`); then only containers whose
 * oldest line read is still newer than the `tail`-th newest line found so far — the ones that could hold
 * more of the answer — are asked again for four times as many, and so on, never more than `depth` lines
 * from one container. The answer is the same as reading `depth` lines everywhere.
 */
export async function newestLines(options: {
  sources: number;
  tail: number;
  /** Most lines read from one container (default `tail`): how far back a search looks. */
  depth?: number;
  /** Lines asked from every container in the first round. */
  firstAsk?: number;
  read: ReadTail;
  keep?: (line: LogLine) => boolean;
  /** Containers read at once. */
  concurrency: number;
}): Promise<{ lines: SourcedLine[]; reads: number }> {
  const { sources, tail, read, keep = () => true, concurrency } = options;
  const depth = Math.max(tail, options.depth ?? tail);
  const state = Array.from({ length: sources }, () => ({
    lines: [] as SourcedLine[],
    oldest: '',
    done: false,
  }));
  let ask = Math.min(
    depth,
    options.firstAsk ?? 2 * Math.ceil(tail / Math.max(1, sources)) + 8,
  );
  /** Reads `lines` lines of `source` into its state. */
  const readInto = async (source: number, lines: number) => {
    const raw = await read(source, lines);
    const st = state[source];
    st.done = raw.length < lines || lines >= depth;
    st.oldest = raw.length ? timeKey(raw[0].time) : '';
    st.lines = raw
      .filter(keep)
      .map(line => ({ line, source, key: timeKey(line.time) }));
  };
  let pending = state.map((_, i) => i);
  let reads = 0;
  while (pending.length > 0) {
    const asked = ask;
    reads += pending.length;
    await mapWithConcurrency(pending, concurrency, source =>
      readInto(source, asked),
    );
    const keys = state.flatMap(st => st.lines.map(l => l.key));
    // the tail-th newest line so far: a container whose oldest line read is newer may hide more of the answer
    const cutoff =
      keys.length >= tail ? keys.sort()[keys.length - tail] : undefined;
    pending = state
      .map((st, i) => ({ st, i }))
      .filter(
        ({ st }) => !st.done && (cutoff === undefined || st.oldest > cutoff),
      )
      .map(({ i }) => i);
    ask = Math.min(depth, ask * 4);
  }
  const lines = state
    .flatMap(st => st.lines)
    .sort((a, b) => {
      if (a.key !== b.key) return a.key < b.key ? -1 : 1;
      return a.source - b.source;
    });
  return { lines: lines.slice(-tail), reads };
}
