/**
 * A plain-text table, columns two spaces apart: the first `leftColumns` (default 1) left-aligned, the others
 * right-aligned.
 */
export function table(
  header: string[],
  rows: string[][],
  leftColumns = 1,
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** Milliseconds as a table cell (one decimal), or `-` when not measured. */
export function ms(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(1);
}

/** A ratio against its goal (at most `goal`), e.g. `0.46 ok` or `0.55 MISSED`. */
export function ratio(value: number, goal: number): string {
  return `${value.toFixed(2)} ${value <= goal ? 'ok' : 'MISSED'}`;
}

/**
 * Whether a run met its goals, and the line that says so: `PASS: <passed>`, or `FAIL: missed <each goal missed>`.
 * `missed` holds a description of each goal missed (e.g. `Paved/pipeline 0.32 > 0.3`) and false for each one met.
 */
export function goalVerdict(
  missed: Array<string | false>,
  passed: string,
): { pass: boolean; line: string } {
  const named = missed.filter((m): m is string => m !== false);
  return named.length === 0
    ? { pass: true, line: `PASS: ${passed}` }
    : { pass: false, line: `FAIL: missed ${named.join('; ')}` };
}

/** The line that carries a bench's whole result as JSON, for comparing runs (`grep '^BENCH_RESULT '`). */
export function resultLine(result: object): string {
  return `BENCH_RESULT ${JSON.stringify(result)}`;
}
