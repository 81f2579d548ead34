import { CostInput, PodSamples } from '../../../plugins/paved-node/src';
import { DAYS, H, HOURS, PODS, end, start } from './scenario';

const MiB = 1024 ** 2;

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

/**
 * The bench's cluster, the same in every run: {@link PODS} pods of 2,000 workloads in 40 namespaces of 10
 * teams, 30 % of them coming and going at any minute, with hourly requests and usage; 500 volumes and 100
 * load balancers.
 */
export function generate(): CostInput {
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
