import os from 'node:os';
import { percentile } from '../stats';
import type { Call } from './calls';
import type { Samples } from './measure';
import {
  GOAL_GZIP_RATIO,
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

/** PASS or FAIL of a goal. */
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/**
 * Prints the table of every call (p50, p95, bytes, gzip; Paved's separate calls against the p95 goal), the
 * page loads, the two goals of issue 17 with PASS/FAIL (Platform tab p95 against the Kubernetes tab's,
 * compressed bytes against 1/10 of its), and the host's load.
 */
export function printReport(run: {
  envs: Env[];
  paved: Call[];
  health: Call;
  traces: Call;
  /** Traces of the bench's service the trace store held when the measuring began. */
  storedTraces: number;
  platform: Call;
  platformAll: Call;
  kubernetes: Call[];
  samples: Map<Call, Samples>;
  pageMs: Record<string, number[]>;
  loadAtStart: number;
}) {
  const {
    envs,
    paved,
    health,
    traces,
    storedTraces,
    platform,
    platformAll,
    kubernetes,
    samples,
    pageMs,
    loadAtStart,
  } = run;
  const row = (
    name: string,
    p50: string,
    p95: string,
    bytes: string,
    gzip: string,
    note = '',
  ) =>
    console.log(
      `  ${pad(name, 44)} ${pad(p50, 9, true)} ${pad(p95, 9, true)} ${pad(
        bytes,
        10,
        true,
      )} ${pad(gzip, 10, true)}  ${note}`,
    );
  const ms = (v: number) => `${v.toFixed(1)}`;
  const median = (v: number[]) => percentile(v, 0.5);
  const p95 = (v: number[]) => percentile(v, 0.95);
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
      ms(p95(times)),
      kb(sizes.bytes),
      kb(sizes.gzip),
      note,
    );
  const sizesOf = (calls: Call[]) => ({
    bytes: calls.reduce((sum, c) => sum + median(samples.get(c)!.bytes), 0),
    gzip: calls.reduce((sum, c) => sum + median(samples.get(c)!.gzip), 0),
  });

  const baselineCall = kubernetes[kubernetes.length - 1];
  const baselineP95 = p95(samples.get(baselineCall)!.ms);
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
    const ok = p95(s.ms) <= GOAL_P95_MS;
    if (!ok) missed++;
    line(
      `paved ${call.name}`,
      s.ms,
      sizesOf([call]),
      `${ok ? 'ok  ' : 'MISS'} (<= ${GOAL_P95_MS} ms; ${(
        p95(s.ms) / baselineP95
      ).toFixed(2)}x baseline p95; no shared reads)`,
    );
  }
  // the health line on its own: what a change of the tab's range asks for (default backend, shared reads)
  for (const call of [platform, platformAll, health, traces]) {
    const ok = p95(samples.get(call)!.ms) <= GOAL_P95_MS;
    if (!ok && (call === health || call === traces)) missed++;
    line(
      `paved ${call.name}`,
      samples.get(call)!.ms,
      sizesOf([call]),
      `${ok ? 'ok  ' : 'MISS'} (<= ${GOAL_P95_MS} ms; shared reads${
        call === traces
          ? `; ${storedTraces} traces of ${ID} stored in Jaeger`
          : ''
      })`,
    );
  }
  for (const call of kubernetes) {
    line(
      `kubernetes ${call.name}`,
      samples.get(call)!.ms,
      sizesOf([call]),
      call === baselineCall ? 'baseline' : '',
    );
  }
  const now = sizesOf([platform]);
  const before = sizesOf(paved);
  const kube = sizesOf(kubernetes);
  console.log('\n  page loads, taking turns:');
  line('Platform tab now (1 request, shared reads)', pageMs.platform, now);
  line('Platform tab now, no shared reads', pageMs.platformUnshared, now);
  line('Platform tab before (1 + 5 parallel)', pageMs.before, before);
  line('Kubernetes tab (2 sequential)', pageMs.kubernetes, kube, 'baseline');

  const kubeP95 = p95(pageMs.kubernetes);
  const ratio = (name: string) => p95(pageMs[name]) / kubeP95;
  const timeOk = ratio('platform') <= 1;
  console.log(
    `\n  goal: Platform tab load p95 <= the Kubernetes tab's: ${ms(
      p95(pageMs.platform),
    )} / ${ms(kubeP95)} ms = ${ratio('platform').toFixed(2)}x   ${verdict(
      timeOk,
    )}   (without shared reads ${ratio('platformUnshared').toFixed(
      2,
    )}x; before ${ratio('before').toFixed(2)}x)`,
  );
  const bytesRatio = now.gzip / kube.gzip;
  const bytesOk = bytesRatio <= GOAL_GZIP_RATIO;
  console.log(
    `  goal: compressed bytes <= 1/${
      1 / GOAL_GZIP_RATIO
    } of the Kubernetes tab's: ${kb(now.gzip)} / ${kb(kube.gzip)} = 1/${(
      1 / bytesRatio
    ).toFixed(1)}   ${verdict(bytesOk)}   (before 1/${(
      kube.gzip / before.gzip
    ).toFixed(1)}; uncompressed now 1/${(kube.bytes / now.bytes).toFixed(
      1,
    )}, before 1/${(kube.bytes / before.bytes).toFixed(1)})`,
  );
  const later = paved.filter(c => !['overview', 'diagnoses'].includes(c.name));
  const all = sizesOf([platformAll]);
  console.log(
    `  outside the first paint, read by their cards once scrolled into view or a second after it: ${later
      .map(
        c =>
          `${c.name} (p95 ${ms(p95(samples.get(c)!.ms))} ms, ${kb(
            median(samples.get(c)!.gzip),
          )} gzip)`,
      )
      .join(', ')}; every part but the logs in one answer (platform): ${kb(
      all.gzip,
    )} gzip = 1/${(kube.gzip / all.gzip).toFixed(1)}`,
  );
  const golden = paved.find(c => c.name === 'metrics/golden-signals')!;
  const goldenGrowth =
    median(samples.get(golden)!.projected) - median(samples.get(golden)!.bytes);
  console.log(
    `  with an hour of golden-signal history (${RANGE_POINTS} points per series; the bench's series are minutes old) every part in one answer (platform) is ${kb(
      all.bytes + goldenGrowth,
    )} uncompressed`,
  );
  console.log(
    `  the Kubernetes page polls services every 10 s: ${kb(
      median(samples.get(baselineCall)!.bytes) * 6,
    )} a minute while open; Paved's page does not poll`,
  );
  console.log(
    `  latency: ${paved.length + 2 - missed}/${
      paved.length + 2
    } separate Paved calls within p95 <= ${GOAL_P95_MS} ms; baseline (kubernetes services) p95 ${ms(
      baselineP95,
    )} ms`,
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
  console.log(`  result: time ${verdict(timeOk)}, bytes ${verdict(bytesOk)}`);
}
