import os from 'node:os';
import { percentile } from '../stats';
import type { Call } from './calls';
import type { Samples } from './measure';
import {
  GOAL_BYTES_RATIO,
  GOAL_P95_MS,
  Env,
  ID,
  PODS_PER_ENV,
  RANGE_POINTS,
  RUNS,
  USER,
  WARMUP,
} from './scenario';

/** The entity bench's table and summary. */

function kb(bytes: number): string {
  return bytes >= 10_240
    ? `${(bytes / 1024).toFixed(0)} KiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Pads a table cell, to the right or (numbers) to the left. */
export function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * Prints the table of every call (p50, p95, bytes, gzip; Paved's against the p95 goal and the baseline),
 * the page loads, the bytes ratios against the goal, and the host's load.
 */
export function printReport(run: {
  envs: Env[];
  paved: Call[];
  kubernetes: Call[];
  samples: Map<Call, Samples>;
  pageMs: { paved: number[]; kubernetes: number[] };
  loadAtStart: number;
}) {
  const { envs, paved, kubernetes, samples, pageMs, loadAtStart } = run;
  const row = (
    name: string,
    p50: string,
    p95: string,
    bytes: string,
    gzip: string,
    note = '',
  ) =>
    console.log(
      `  ${pad(name, 36)} ${pad(p50, 9, true)} ${pad(p95, 9, true)} ${pad(
        bytes,
        10,
        true,
      )} ${pad(gzip, 10, true)}  ${note}`,
    );
  const ms = (v: number) => `${v.toFixed(1)}`;
  const median = (v: number[]) => percentile(v, 0.5);
  /** A row of timings (p50, p95) and sizes. */
  const line = (
    name: string,
    times: number[],
    sizes: { bytes: number; gzip: number },
    note = '',
  ) =>
    row(
      name,
      ms(median(times)),
      ms(percentile(times, 0.95)),
      kb(sizes.bytes),
      kb(sizes.gzip),
      note,
    );
  const sizesOf = (s: Samples) => ({
    bytes: median(s.bytes),
    gzip: median(s.gzip),
  });
  const total = (cs: Call[], key: 'bytes' | 'gzip') =>
    cs.reduce((sum, c) => sum + median(samples.get(c)![key]), 0);

  const baselineCall = kubernetes[kubernetes.length - 1];
  const baselineP95 = percentile(samples.get(baselineCall)!.ms, 0.95);
  console.log(
    `\nentity page of component:default/${ID}: ${
      PODS_PER_ENV * envs.length
    } pods in ${
      envs.length
    } environments, ${RUNS} samples per row after ${WARMUP} warm-up rounds, as ${USER}`,
  );
  row('call', 'p50 ms', 'p95 ms', 'bytes', 'gzip', 'p95 vs goal');
  let missed = 0;
  for (const call of paved) {
    const s = samples.get(call)!;
    const p95 = percentile(s.ms, 0.95);
    const ok = p95 <= GOAL_P95_MS;
    if (!ok) missed++;
    line(
      `paved ${call.name}`,
      s.ms,
      sizesOf(s),
      `${ok ? 'ok  ' : 'MISS'} (<= ${GOAL_P95_MS} ms; ${(
        p95 / baselineP95
      ).toFixed(2)}x baseline p95)`,
    );
  }
  for (const call of kubernetes) {
    const s = samples.get(call)!;
    line(
      `kubernetes ${call.name}`,
      s.ms,
      sizesOf(s),
      call === baselineCall ? 'baseline' : '',
    );
  }
  const pavedBytes = total(paved, 'bytes');
  const pavedGzip = total(paved, 'gzip');
  const kubeBytes = total(kubernetes, 'bytes');
  const kubeGzip = total(kubernetes, 'gzip');
  line('paved page load (1 + 5 parallel)', pageMs.paved, {
    bytes: pavedBytes,
    gzip: pavedGzip,
  });
  line(
    'kubernetes page load (2 sequential)',
    pageMs.kubernetes,
    { bytes: kubeBytes, gzip: kubeGzip },
    'baseline',
  );

  const golden = paved.find(c => c.name === 'metrics/golden-signals')!;
  const goldenNow = median(samples.get(golden)!.bytes);
  const goldenFull = median(samples.get(golden)!.projected);
  const pavedSteady = pavedBytes - goldenNow + goldenFull;
  const ratio = pavedBytes / kubeBytes;
  const ratioSteady = pavedSteady / kubeBytes;
  const ratioGzip = pavedGzip / kubeGzip;
  console.log(
    `\n  bytes: paved / kubernetes-backend = ${kb(pavedBytes)} / ${kb(
      kubeBytes,
    )} = 1/${(1 / ratio).toFixed(1)}   ${
      ratio <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
    } (goal <= 1/${1 / GOAL_BYTES_RATIO}); gzip: 1/${(
      kubeGzip / pavedGzip
    ).toFixed(1)}`,
  );
  console.log(
    `  compressed (what Backstage's compression middleware sends): paved / kubernetes-backend = ${kb(
      pavedGzip,
    )} / ${kb(kubeGzip)} = 1/${(1 / ratioGzip).toFixed(1)}   ${
      ratioGzip <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
    } (against the same 1/${
      1 / GOAL_BYTES_RATIO
    }; the Kubernetes plugin's repetitive JSON compresses ${(
      kubeBytes / kubeGzip
    ).toFixed(0)}x, Paved's ${(pavedBytes / pavedGzip).toFixed(0)}x)`,
  );
  console.log(
    `  with an hour of golden-signal history (${RANGE_POINTS} points per series; the bench's series are minutes old): ${kb(
      pavedSteady,
    )} = 1/${(1 / ratioSteady).toFixed(1)}   ${
      ratioSteady <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
    }`,
  );
  console.log(
    `  the Kubernetes page polls services every 10 s: ${kb(
      median(samples.get(baselineCall)!.bytes) * 6,
    )} a minute while open; Paved's page does not poll`,
  );
  console.log(
    `  latency: ${paved.length - missed}/${
      paved.length
    } Paved calls within p95 <= ${GOAL_P95_MS} ms; baseline (kubernetes services) p95 ${ms(
      baselineP95,
    )} ms; page load p95 paved / kubernetes = ${(
      percentile(pageMs.paved, 0.95) / percentile(pageMs.kubernetes, 0.95)
    ).toFixed(2)}x`,
  );
  const slowest = paved
    .slice(1)
    .reduce((a, b) =>
      percentile(samples.get(a)!.ms, 0.5) >= percentile(samples.get(b)!.ms, 0.5)
        ? a
        : b,
    );
  const shares = [...paved]
    .map(c => ({ c, bytes: median(samples.get(c)!.bytes) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map(
      ({ c, bytes }) => `${c.name} ${((100 * bytes) / pavedBytes).toFixed(0)}%`,
    );
  console.log(
    `  Paved bytes by call: ${shares.join(
      ', ',
    )}; the page load waits for the overview, then for its slowest card call (${
      slowest.name
    }, p50 ${ms(median(samples.get(slowest)!.ms))} ms)`,
  );
  console.log(
    `  host: ${
      os.cpus().length
    } CPUs, 1-minute load average ${loadAtStart.toFixed(1)} at start and ${os
      .loadavg()[0]
      .toFixed(
        1,
      )} now; the API server, KWOK, Prometheus and this process share them`,
  );
  console.log(
    '  mock permissions allow everything (no permission-backend round trip for either plugin); bodies uncompressed, gzip = zlib default level',
  );
}
