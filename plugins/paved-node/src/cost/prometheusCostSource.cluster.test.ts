import { PrometheusClient } from '../observe/prometheus';
import {
  costFromRawSeries,
  localAdminClient,
  localClusterEnv,
  waitFor,
} from '../testUtils';
import { allocateCosts } from './allocation';
import { CostPrices } from './prices';
import { PrometheusCostSource } from './prometheusCostSource';
import { PodSamples } from './types';

// Talks to the local cluster's Prometheus (demo workloads of tools/cluster/demo).
jest.setTimeout(600_000);

const GiB = 1024 ** 3;
const prices: CostPrices = {
  cpuCoreHour: 0.04,
  memoryGiBHour: 0.005,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};
const NAMESPACE = 'checkout-dev';
const COMPONENT = 'checkout-api';

/**
 * The formula written out plainly: Σ over samples of hours (covered by the sample, inside the window,
 * × the share of it the pod ran) × max(request, usage) × price.
 */
function plainFormula(pod: PodSamples, start: number, end: number) {
  let cost = 0;
  const n = pod.timestamps.length;
  for (let k = 0; k < n; k++) {
    const from = Math.max(pod.timestamps[k], pod.start, start);
    const to = Math.min(
      pod.timestamps[k] + pod.interval!,
      k + 1 < n ? pod.timestamps[k + 1] : Infinity,
      pod.end ?? Infinity,
      end,
    );
    if (to <= from) continue;
    const larger = (request?: number, usage?: number) => {
      const values = [request, usage].filter(
        (v): v is number => v !== undefined && !Number.isNaN(v),
      );
      return values.length ? Math.max(...values) : 0;
    };
    const coverage = pod.coverage ? pod.coverage[k] : 1;
    const hours = ((to - from) / 3600) * (coverage > 0 ? coverage : 0);
    cost +=
      hours *
      (larger(pod.cpuRequestCores?.[k], pod.cpuUsageCores?.[k]) *
        prices.cpuCoreHour +
        (larger(pod.memoryRequestBytes?.[k], pod.memoryUsageBytes?.[k]) / GiB) *
          prices.memoryGiBHour);
  }
  return cost;
}

describe('PrometheusCostSource on the local Prometheus', () => {
  it(`costs ${NAMESPACE}'s ${COMPONENT} as the formula applied to its series`, async () => {
    const prometheus = new PrometheusClient(
      localClusterEnv().PAVED_PROMETHEUS_URL,
    );
    const source = PrometheusCostSource.create({
      cluster: 'local',
      prometheus,
      kubernetes: await localAdminClient(),
    });

    // up to three hours of history; a freshly started cluster needs a few minutes of it
    const loaded = await waitFor(
      async () => {
        // end two minutes ago, on a minute: the latest scrapes are settled
        const end = Math.floor(Date.now() / 60_000) * 60 - 120;
        const start = end - 3 * 3600;
        // pods seen running every 15 s, as often as Prometheus scrapes here (the default is a minute)
        const input = await source.load({
          namespaces: [NAMESPACE],
          start,
          end,
          lifetimeResolution: 15,
        });
        const result = allocateCosts(input, prices, {
          start,
          end,
          bucketSeconds: 3600,
        });
        const items = result.items.filter(
          i => i.kind === 'pod' && i.component === COMPONENT,
        );
        const hours = items.reduce((sum, i) => sum + i.hours, 0);
        return hours >= 0.1 ? { start, end, input, items } : undefined;
      },
      {
        // a cluster started just before the tests needs minutes of history
        timeoutMs: 480_000,
        intervalMs: 5_000,
        what: `${COMPONENT} pods running in Prometheus history`,
      },
    );
    const { start, end, input, items } = loaded;
    const modelled = items.reduce((sum, i) => sum + i.total, 0);
    expect(Array.isArray(input.volumes)).toBe(true);
    expect(items.every(i => i.workload === COMPONENT)).toBe(true);
    expect(input.namespaceLabels?.[NAMESPACE]?.['paved.dev/team']).toBe(
      'group.default.team-checkout',
    );

    // 1. exactly the formula applied to the hourly series the source loaded
    const samples = input.pods.filter(
      p => p.labels?.['backstage.io/kubernetes-id'] === COMPONENT,
    );
    expect(samples.length).toBeGreaterThan(0);
    const formula = samples.reduce(
      (sum, p) => sum + plainFormula(p, start, end),
      0,
    );
    expect(modelled).toBeGreaterThan(0);
    expect(Math.abs(modelled - formula) / formula).toBeLessThan(1e-9);

    // 2. close to the same cost integrated over the raw 15-second series: the source's samples are hourly
    //    averages and its running time is counted on its own 15-second grid, so the two differ only at the
    //    edges of each pod's life, by up to two scrapes (30 s) per pod. That is 2 % on hours of history and
    //    more on a cluster started minutes ago, as in CI.
    const { cost: raw } = await costFromRawSeries(prometheus, {
      namespaces: [NAMESPACE],
      component: COMPONENT,
      start,
      end,
      prices,
    });
    expect(raw).toBeGreaterThan(0);
    const podSeconds = items.reduce((sum, i) => sum + i.hours * 3600, 0);
    const tolerance = Math.max(0.02, (30 * items.length) / podSeconds);
    expect(Math.abs(modelled - raw) / raw).toBeLessThan(tolerance);
  });
});
