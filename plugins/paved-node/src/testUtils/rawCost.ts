import type { CostPrices, PrometheusClient } from '@paved/plugin-paved-node';

const GiB = 1024 ** 3;
/** Prometheus answers at most 11,000 points per series; stay well below. */
const MAX_POINTS = 10_000;

/**
 * A component's compute cost integrated over the raw series, with queries of its own and none of the cost
 * source's: every `step` seconds in which one of its pods is Running, step × max(request, usage) × price,
 * per container. Windows longer than one query allows are read in pieces.
 *
 * @public
 */
export async function costFromRawSeries(
  prometheus: PrometheusClient,
  options: {
    namespaces: string[];
    component: string;
    start: number;
    end: number;
    prices: Pick<CostPrices, 'cpuCoreHour' | 'memoryGiBHour'>;
    /** The scrape interval, seconds; 15 unless given. */
    step?: number;
  },
): Promise<{ cost: number; podSeconds: number }> {
  const step = options.step ?? 15;
  let cost = 0;
  let podSeconds = 0;
  for (
    let from = options.start;
    from < options.end;
    from += MAX_POINTS * step
  ) {
    const to = Math.min(options.end, from + MAX_POINTS * step);
    const part = await rawPiece(prometheus, { ...options, step }, from, to);
    cost += part.cost;
    podSeconds += part.podSeconds;
  }
  return { cost, podSeconds };
}

async function rawPiece(
  prometheus: PrometheusClient,
  options: {
    namespaces: string[];
    component: string;
    prices: Pick<CostPrices, 'cpuCoreHour' | 'memoryGiBHour'>;
    step: number;
  },
  start: number,
  end: number,
) {
  const { step, prices } = options;
  const sel = `namespace=~"${options.namespaces.join('|')}"`;
  const range = (query: string) =>
    prometheus.queryRange(query, { start, end: end - step, step });
  const [pods, running, cpuRequest, memoryRequest, cpuUsage, memoryUsage] =
    await Promise.all([
      range(
        `kube_pod_labels{${sel},label_backstage_io_kubernetes_id="${options.component}"}`,
      ),
      range(`kube_pod_status_phase{${sel},phase="Running"}`),
      range(`kube_pod_container_resource_requests{${sel},resource="cpu"}`),
      range(`kube_pod_container_resource_requests{${sel},resource="memory"}`),
      range(`rate(container_cpu_usage_seconds_total{${sel}}[1m])`),
      range(`container_memory_working_set_bytes{${sel}}`),
    ]);
  const podKey = (labels: Record<string, string>) =>
    `${labels.namespace}/${labels.pod}`;
  const ofComponent = new Set(pods.map(s => podKey(s.labels)));
  const byContainer = (series: typeof cpuRequest) => {
    const map = new Map<string, Map<number, number>>();
    for (const s of series) {
      if (!ofComponent.has(podKey(s.labels))) continue;
      const key = `${podKey(s.labels)}/${s.labels.container}`;
      const points = map.get(key) ?? new Map<number, number>();
      for (const [t, v] of s.points) points.set(t, v);
      map.set(key, points);
    }
    return map;
  };
  const requests = {
    cpu: byContainer(cpuRequest),
    memory: byContainer(memoryRequest),
  };
  const usage = {
    cpu: byContainer(cpuUsage),
    memory: byContainer(memoryUsage),
  };
  const containers = [
    ...new Set([
      ...requests.cpu.keys(),
      ...requests.memory.keys(),
      ...usage.cpu.keys(),
      ...usage.memory.keys(),
    ]),
  ];
  const larger = (a?: number, b?: number) => Math.max(a ?? b ?? 0, b ?? a ?? 0);
  let cost = 0;
  let podSeconds = 0;
  for (const s of running) {
    const pod = podKey(s.labels);
    if (!ofComponent.has(pod)) continue;
    for (const [t, phase] of s.points) {
      if (phase !== 1) continue;
      podSeconds += step;
      for (const key of containers) {
        if (!key.startsWith(`${pod}/`)) continue;
        cost +=
          (step / 3600) *
          (larger(requests.cpu.get(key)?.get(t), usage.cpu.get(key)?.get(t)) *
            prices.cpuCoreHour +
            (larger(
              requests.memory.get(key)?.get(t),
              usage.memory.get(key)?.get(t),
            ) /
              GiB) *
              prices.memoryGiBHour);
      }
    }
  }
  return { cost, podSeconds };
}
