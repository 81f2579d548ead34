import { SourcedLine } from './logTail';
import { CompactLogLine, LogSource } from '@paved/plugin-paved-common';

/**
 * The newest of `newest` (oldest first) that fit in `maxBytes` of text, each container described once:
 * only the containers the answer has lines of, numbered in order of their first line. `leftOut` counts the
 * older lines that did not fit.
 */
export function compactLines(
  newest: SourcedLine[],
  targets: LogSource[],
  maxBytes: number,
): { sources: LogSource[]; lines: CompactLogLine[]; leftOut: number } {
  let bytes = 0;
  let first = newest.length;
  while (first > 0) {
    bytes += Buffer.byteLength(newest[first - 1].line.text);
    if (bytes > maxBytes) break;
    first -= 1;
  }
  const index = new Map<number, number>();
  const sources: LogSource[] = [];
  const lines = newest.slice(first).map(({ line, source }) => {
    let s = index.get(source);
    if (s === undefined) {
      s = sources.length;
      index.set(source, s);
      sources.push(targets[source]);
    }
    return { t: line.time, s, text: line.text };
  });
  return { sources, lines, leftOut: first };
}
