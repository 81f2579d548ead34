import os from 'node:os';
import {
  CostDimension,
  CostInput,
  CostPrices,
  PodSamples,
  allocateCosts,
  costReports,
  teamOf,
  workloadOf,
} from '../../plugins/paved-node/src';

/**
 * `yarn bench cost`: allocation of 10,000 pods over 30 days of hourly samples, plus the four aggregations
 * (workload, component, environment, team: month-to-date, projection, 30-day daily series), timed after the
 * data is in memory, against a naive per-sample, object-allocating implementation in the same run.
 */

const PODS = Number(process.env.BENCH_PODS ?? 10_000);
const DAYS = 30;
const HOURS = DAYS * 24;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const NAIVE_RUNS = Number(process.env.BENCH_NAIVE_RUNS ?? 3);
const GOAL_MS = 100;
const H = 3600;
const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const DIMENSIONS: CostDimension[] = [
  'workload',
  'component',
  'environment',
  'team',
];

const prices: CostPrices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};

/** mulberry32: a small seeded generator, so every run measures the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 30 days ending 2025-06-30 00:00 UTC (month-to-date: June 1–29). */
const end = Date.UTC(2025, 5, 30) / 1000;
const start = end - DAYS * 86400;

function generate(): CostInput {
  const rand = random(42);
  const pick = <T>(values: T[]) => values[Math.floor(rand() * values.length)];
  const timestamps = Float64Array.from(
    { length: HOURS },
    (_, k) => start + k * H,
  );
  const teams = Array.from({ length: 10 }, (_, t) => `team-${t}`);
  const namespaces = teams.flatMap(team =>
    ['dev', 'staging', 'production', 'preview'].map(env => `${team}-${env}`),
  );
  const namespaceLabels = Object.fromEntries(
    namespaces.map(ns => [
      ns,
      { 'paved.dev/team': `group.default.${ns.replace(/-[a-z]+$/, '')}` },
    ]),
  );
  const workloads = Array.from({ length: 2_000 }, (_, w) => ({
    name: `service-${w}`,
    namespace: pick(namespaces),
    cpu: pick([0.05, 0.1, 0.25, 0.5, 1, 2]),
    memory: pick([128, 256, 512, 1024, 2048, 4096]) * MiB,
    noRequest: rand() < 0.1,
  }));
  const pods: PodSamples[] = [];
  for (let p = 0; p < PODS; p++) {
    const workload = workloads[p % workloads.length];
    // 70 % run the whole month; the rest come and go at any minute
    const churned = rand() < 0.3;
    const podStart = churned
      ? start + Math.floor(rand() * DAYS * 1440) * 60
      : start;
    const podEnd = churned
      ? Math.min(end, podStart + (1 + Math.floor(rand() * 10 * 1440)) * 60)
      : undefined;
    const cpuRequest = new Float64Array(HOURS).fill(NaN);
    const cpuUsage = new Float64Array(HOURS).fill(NaN);
    const memoryRequest = new Float64Array(HOURS).fill(NaN);
    const memoryUsage = new Float64Array(HOURS).fill(NaN);
    const first = Math.floor((podStart - start) / H);
    const last = Math.ceil(((podEnd ?? end) - start) / H);
    for (let k = first; k < last; k++) {
      cpuRequest[k] = workload.cpu;
      memoryRequest[k] = workload.memory;
      // usage 20–130 % of the request; now and then a restart leaves no usage sample
      if (rand() > 0.01) {
        cpuUsage[k] = workload.cpu * (0.2 + 1.1 * rand());
        memoryUsage[k] = workload.memory * (0.5 + 0.8 * rand());
      }
    }
    pods.push({
      namespace: workload.namespace,
      pod: `${workload.name}-7d9f8c6b5d-${p.toString(36).padStart(5, '0')}`,
      labels: {
        'app.kubernetes.io/name': workload.name,
        'backstage.io/kubernetes-id': `component-${
          Number(workload.name.slice(8)) % 500
        }`,
      },
      start: podStart,
      ...(podEnd !== undefined && { end: podEnd }),
      timestamps,
      ...(!workload.noRequest && { cpuRequestCores: cpuRequest }),
      cpuUsageCores: cpuUsage,
      memoryRequestBytes: memoryRequest,
      memoryUsageBytes: memoryUsage,
    });
  }
  const volumes = Array.from({ length: 500 }, (_, v) => ({
    namespace: pick(namespaces),
    name: `data-service-${v}-0`,
    labels: { 'app.kubernetes.io/name': `service-${v}` },
    sizeGiB: pick([1, 10, 50, 100]),
    start: start + Math.floor(rand() * DAYS * 86400),
  }));
  const loadBalancers = Array.from({ length: 100 }, (_, l) => ({
    namespace: pick(namespaces),
    name: `service-${l}`,
    labels: { 'backstage.io/kubernetes-id': `component-${l}` },
    start,
  }));
  return { cluster: 'bench', pods, volumes, loadBalancers, namespaceLabels };
}

/** The compute under test: allocation, then the four reports (workload, component, environment, team). */
function paved(input: CostInput) {
  const result = allocateCosts(input, prices, { start, end });
  return costReports(result, DIMENSIONS);
}

/**
 * The naive baseline: the same formulas written the straightforward way — one object per sample, day keys
 * as date strings, then a Map of groups per dimension. (Samples here are hour-aligned, so none straddles
 * midnight and the baseline need not split them.)
 */
function naive(input: CostInput) {
  interface Row {
    namespace: string;
    workload: string;
    component: string;
    team: string;
    day: string;
    cpu: number;
    memory: number;
    storage: number;
    loadBalancer: number;
  }
  const rows: Row[] = [];
  const labelsOf = (namespace: string) => ({
    team: teamOf(namespace, input.namespaceLabels ?? {}) ?? '__unallocated__',
  });
  const day = (seconds: number) =>
    new Date(seconds * 1000).toISOString().slice(0, 10);
  for (const pod of input.pods) {
    const samples = Array.from(pod.timestamps, (t, k) => ({
      t,
      cpuRequest: pod.cpuRequestCores?.[k],
      cpuUsage: pod.cpuUsageCores?.[k],
      memoryRequest: pod.memoryRequestBytes?.[k],
      memoryUsage: pod.memoryUsageBytes?.[k],
    }));
    const base = {
      namespace: pod.namespace,
      workload: workloadOf({
        name: pod.pod,
        labels: pod.labels,
        workload: pod.workload,
      }),
      component:
        pod.labels?.['backstage.io/kubernetes-id'] ?? '__unallocated__',
      ...labelsOf(pod.namespace),
    };
    samples.forEach((sample, k) => {
      const next = samples[k + 1]?.t ?? Infinity;
      const from = Math.max(sample.t, pod.start, start);
      const to = Math.min(sample.t + H, next, pod.end ?? end, end);
      if (to <= from) return;
      const larger = (...values: Array<number | undefined>) => {
        const present = values.filter(
          (v): v is number => v !== undefined && !Number.isNaN(v),
        );
        return present.length > 0 ? Math.max(...present) : 0;
      };
      const hours = (to - from) / H;
      rows.push({
        ...base,
        day: day(from),
        cpu:
          hours *
          larger(sample.cpuRequest, sample.cpuUsage) *
          prices.cpuCoreHour,
        memory:
          ((hours * larger(sample.memoryRequest, sample.memoryUsage)) / GiB) *
          prices.memoryGiBHour,
        storage: 0,
        loadBalancer: 0,
      });
    });
  }
  for (const [list, kind] of [
    [input.volumes ?? [], 'storage'],
    [input.loadBalancers ?? [], 'loadBalancer'],
  ] as const) {
    for (const object of list) {
      const perHour =
        kind === 'storage'
          ? ((object as { sizeGiB: number }).sizeGiB * prices.storageGiBMonth) /
            730
          : prices.loadBalancerHour;
      for (let t = Math.max(object.start, start); t < end; ) {
        const to = Math.min(end, (Math.floor(t / 86400) + 1) * 86400);
        rows.push({
          namespace: object.namespace,
          workload: workloadOf({
            name: object.name,
            kind: kind === 'storage' ? 'volume' : 'loadBalancer',
            labels: object.labels,
          }),
          component:
            object.labels?.['backstage.io/kubernetes-id'] ?? '__unallocated__',
          ...labelsOf(object.namespace),
          day: day(t),
          cpu: 0,
          memory: 0,
          storage: kind === 'storage' ? ((to - t) / H) * perHour : 0,
          loadBalancer: kind === 'loadBalancer' ? ((to - t) / H) * perHour : 0,
        });
        t = to;
      }
    }
  }
  const monthStart = day(Date.UTC(2025, 5, 1) / 1000);
  const elapsedHours = (end - Date.UTC(2025, 5, 1) / 1000) / H;
  const keyOf: Record<CostDimension, (row: Row) => string> = {
    workload: row => `${row.namespace}/${row.workload}`,
    component: row => row.component,
    environment: row => row.namespace,
    team: row => row.team,
  };
  return DIMENSIONS.map(dimension => {
    const groups = new Map<
      string,
      { monthToDate: number; projected: number; daily: Map<string, number> }
    >();
    for (const row of rows) {
      const key = keyOf[dimension](row);
      const group = groups.get(key) ?? {
        monthToDate: 0,
        projected: 0,
        daily: new Map<string, number>(),
      };
      const total = row.cpu + row.memory + row.storage + row.loadBalancer;
      if (row.day >= monthStart) group.monthToDate += total;
      group.daily.set(row.day, (group.daily.get(row.day) ?? 0) + total);
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      group.projected = (group.monthToDate / elapsedHours) * 720;
    }
    return { dimension, groups };
  });
}

/** Wall time and CPU time (all threads of this process: the loop and the garbage collector). */
function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const cpu = process.cpuUsage();
  const begin = process.hrtime.bigint();
  const value = fn();
  const ms = Number(process.hrtime.bigint() - begin) / 1e6;
  const used = process.cpuUsage(cpu);
  return { ms, cpuMs: (used.user + used.system) / 1000, value };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

function main() {
  const generated = time(generate);
  const input = generated.value;
  console.log(
    `\ncost model: ${PODS.toLocaleString(
      'en-US',
    )} pods × ${DAYS} days × 24 hourly samples ` +
      `(${(PODS * HOURS).toLocaleString('en-US')} samples), ${
        input.volumes!.length
      } volumes, ` +
      `${
        input.loadBalancers!.length
      } load balancers; data generated (seeded) in ${generated.ms.toFixed(
        0,
      )} ms`,
  );

  // warm-up, then the measured runs; the naive runs come last so their garbage does not land on ours
  for (let i = 0; i < 3; i++) paved(input);
  const pavedMs: number[] = [];
  const pavedCpuMs: number[] = [];
  let reports: ReturnType<typeof paved> = [];
  for (let run = 0; run < RUNS; run++) {
    const measured = time(() => paved(input));
    pavedMs.push(measured.ms);
    pavedCpuMs.push(measured.cpuMs);
    reports = measured.value;
  }
  const naiveMs: number[] = [];
  const naiveCpuMs: number[] = [];
  let naiveReports: ReturnType<typeof naive> = [];
  for (let run = 0; run < NAIVE_RUNS; run++) {
    const measured = time(() => naive(input));
    naiveMs.push(measured.ms);
    naiveCpuMs.push(measured.cpuMs);
    naiveReports = measured.value;
  }

  // both must agree, or the comparison means nothing
  let worst = 0;
  reports.forEach((report, d) => {
    const other = naiveReports[d].groups;
    for (const group of report.groups) {
      const theirs = other.get(group.key);
      const expected = theirs?.monthToDate ?? 0;
      worst = Math.max(
        worst,
        Math.abs(group.total - expected) / Math.max(1e-9, Math.abs(expected)),
      );
    }
  });

  const ours = stats(pavedMs);
  const oursCpu = stats(pavedCpuMs);
  const theirs = stats(naiveMs);
  const theirsCpu = stats(naiveCpuMs);
  const groups = reports
    .map(r => `${r.groups.length} ${r.dimension}s`)
    .join(', ');
  const figures = (wall: typeof ours, cpu: typeof ours) =>
    `median ${wall.median.toFixed(1)} ms, p95 ${wall.p95.toFixed(1)} ms ` +
    `(CPU time: median ${cpu.median.toFixed(1)} ms, p95 ${cpu.p95.toFixed(
      1,
    )} ms)`;
  console.log(
    `  reports: ${groups}; month-to-date of all teams ${reports[3].total.total.toFixed(
      2,
    )} USD`,
  );
  console.log(
    `  machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map(l => l.toFixed(2))
      .join(' ')} (wall time includes waiting for a CPU; CPU time does not)`,
  );
  console.log(
    `  Paved allocateCosts + costReports (4 dims) ${figures(
      ours,
      oursCpu,
    )}, ${RUNS} runs`,
  );
  console.log(
    `  naive per-sample objects + Map grouping    ${figures(
      theirs,
      theirsCpu,
    )}, ${NAIVE_RUNS} runs`,
  );
  console.log(
    `  goal <= ${GOAL_MS} ms: ${
      ours.median <= GOAL_MS ? 'met' : 'missed'
    } on wall time, ` +
      `${oursCpu.median <= GOAL_MS ? 'met' : 'missed'} on CPU time (medians)`,
  );
  console.log(
    `  Paved / naive = ${(ours.median / theirs.median).toFixed(4)}x wall, ` +
      `${(oursCpu.median / theirsCpu.median).toFixed(4)}x CPU ` +
      `(naive is ${(theirs.median / ours.median).toFixed(0)}x slower); ` +
      `largest month-to-date difference between the two ${(
        worst * 100
      ).toExponential(1)} %`,
  );
}

main();
