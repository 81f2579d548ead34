import { gzipSync } from 'node:zlib';
import { waitFor } from '../../../plugins/paved-node/src/testUtils';
import { msSince } from '../stats';
import { Answer, Call } from './calls';
import { pad } from './report';
import { RANGE_POINTS, RUNS, WARMUP } from './scenario';

/** The entity bench's measured paths: every call in rounds, and whole page loads. */

/** Sends a call and returns the checked answer. */
export type Send = (call: Call) => Promise<Answer>;

/** What the rounds measure of one call. */
export interface Samples {
  ms: number[];
  bytes: number[];
  /** Bytes after gzip (what Backstage's `compression` middleware would send). */
  gzip: number[];
  /** Golden signals only: bytes with an hour of history, see {@link projectFullHour}. */
  projected: number[];
}

/** The golden-signals answer as it would be for a component with an hour of history: every non-empty series full. */
function projectFullHour(data: any): string {
  return JSON.stringify({
    ...data,
    series: data.series.map((s: any) => {
      if (s.values.length === 0) return s;
      const lastValue = s.values[s.values.length - 1];
      const values = Array.from(
        { length: RANGE_POINTS },
        (_, i) => s.values[i] ?? lastValue,
      );
      return {
        ...s,
        start: s.start + (s.values.length - RANGE_POINTS) * data.step,
        values,
      };
    }),
  });
}

/**
 * Waits until each call's answer is complete (logs, metrics and series exist for every pod), printing what
 * each answers, then runs the warm-up rounds.
 */
export async function waitUntilComplete(send: Send, all: Call[]) {
  for (const call of all) {
    const answer = await waitFor(
      async () => {
        const a = await send(call);
        return call.check(a.data);
      },
      {
        timeoutMs: 180_000,
        intervalMs: 2000,
        what: `${call.plugin} ${call.name} complete`,
      },
    );
    console.log(`  ${pad(`${call.plugin} ${call.name}`, 40)} ${answer}`);
  }
}

/** {@link WARMUP} rounds through every call, not measured. */
export async function warmUp(send: Send, all: Call[]) {
  for (let i = 0; i < WARMUP; i++) {
    for (const call of all) await send(call);
  }
}

/** {@link RUNS} rounds through every call, one request at a time. */
export async function measureCalls(
  send: Send,
  all: Call[],
): Promise<Map<Call, Samples>> {
  const samples = new Map<Call, Samples>(
    all.map(c => [c, { ms: [], bytes: [], gzip: [], projected: [] }]),
  );
  for (let i = 0; i < RUNS; i++) {
    for (const call of all) {
      const answer = await send(call);
      const s = samples.get(call)!;
      s.ms.push(answer.ms);
      s.bytes.push(answer.bytes);
      s.gzip.push(gzipSync(answer.text).length);
      if (call.name === 'metrics/golden-signals') {
        const full = projectFullHour(answer.data);
        s.projected.push(Buffer.byteLength(full));
      }
    }
  }
  return samples;
}

/** One way of loading a page: what it sends on load, in order. */
export interface PageLoad {
  name: string;
  load: () => Promise<unknown>;
}

/**
 * {@link WARMUP} unmeasured and then {@link RUNS} measured rounds of every page load, one page at a time;
 * each round starts with the next page in turn, so no page always goes first or always follows the same one.
 */
export async function measurePageLoads(
  loads: PageLoad[],
): Promise<Record<string, number[]>> {
  const ms: Record<string, number[]> = Object.fromEntries(
    loads.map(l => [l.name, []]),
  );
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (let j = 0; j < loads.length; j++) {
      const page = loads[(i + j) % loads.length];
      const start = process.hrtime.bigint();
      await page.load();
      if (i >= WARMUP) ms[page.name].push(msSince(start));
    }
  }
  return ms;
}
