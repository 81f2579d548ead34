import { InputError } from '@backstage/errors';
import { PromSeries, PrometheusClient } from '../observe/prometheus';
import { namespaceMatcher } from './costQueries';
import { PrometheusCostSource } from './prometheusCostSource';

const H = 3600;
const T0 = Date.UTC(2025, 5, 10) / 1000;

/** Answers each query from a table of series by the query's metric and resource. */
class FakePrometheus extends PrometheusClient {
  readonly queries: Array<{ query: string; start: number; end: number }> = [];

  constructor(private readonly answer: (query: string) => PromSeries[]) {
    super('http://prometheus.invalid');
  }

  async queryRange(
    query: string,
    options: { start: number; end: number; step: number },
  ): Promise<PromSeries[]> {
    this.queries.push({ query, start: options.start, end: options.end });
    return this.answer(query);
  }
}

describe('namespaceMatcher', () => {
  it('matches the given namespaces, or all', () => {
    expect(namespaceMatcher(['checkout-dev', 'search-dev'])).toBe(
      'namespace=~"checkout-dev|search-dev"',
    );
    expect(namespaceMatcher()).toBe('namespace!=""');
  });

  it.each([['a"}or vector(1)#'], ['.*'], ['Checkout'], ['a|b'], ['']])(
    'refuses %j',
    namespace => {
      expect(() => namespaceMatcher([namespace])).toThrow(InputError);
    },
  );

  it('refuses an empty list', () => {
    expect(() => namespaceMatcher([])).toThrow('Name at least one namespace');
  });
});

describe('PrometheusCostSource', () => {
  // window 00:00 → 03:30: 4 hourly evaluations ending at 03:30 (00:30, 01:30, 02:30, 03:30);
  // each describes the hour before it, so the samples are time-stamped 23:30, 00:30, 01:30, 02:30
  const start = T0;
  const end = T0 + 3.5 * H;
  const evals = [0.5, 1.5, 2.5, 3.5].map(h => T0 + h * H);
  const pod = {
    namespace: 'checkout-dev',
    pod: 'checkout-api-7d9f8c6b5d-x2x4z',
  };
  const container = { ...pod, container: 'api' };

  const prometheus = new FakePrometheus(query => {
    if (query.includes('resource="cpu"')) {
      return [
        {
          labels: container,
          points: evals.slice(1).map(t => [t, 0.25] as [number, number]),
        },
        {
          labels: { ...container, pod: 'pending-0' },
          points: [[evals[3], 1]],
        },
      ];
    }
    if (query.includes('container_cpu_usage_seconds_total')) {
      return [{ labels: container, points: [[evals[2], 0.1]] }];
    }
    if (query.includes('kube_pod_status_phase')) {
      // Running 29 of the minutes of the hour before 01:30, then every minute
      return [
        {
          labels: pod,
          points: [
            [evals[1], 29],
            [evals[2], 60],
            [evals[3], 60],
          ],
        },
      ];
    }
    if (query.includes('kube_pod_labels')) {
      return [
        {
          labels: {
            ...pod,
            label_app_kubernetes_io_name: 'checkout-api',
            label_backstage_io_kubernetes_id: 'checkout-api',
            label_pod_template_hash: '7d9f8c6b5d',
          },
          points: [[end, 1]],
        },
      ];
    }
    if (query.includes('kube_pod_owner')) {
      return [
        {
          labels: {
            ...pod,
            owner_kind: 'ReplicaSet',
            owner_name: 'checkout-api-7d9f8c6b5d',
          },
          points: [[end, 1]],
        },
      ];
    }
    if (query.includes('kube_replicaset_owner')) {
      return [
        {
          labels: {
            namespace: 'checkout-dev',
            replicaset: 'checkout-api-7d9f8c6b5d',
            owner_kind: 'Deployment',
            owner_name: 'checkout',
          },
          points: [[end, 1]],
        },
      ];
    }
    if (query.includes('kube_namespace_labels')) {
      return [
        {
          labels: {
            namespace: 'checkout-dev',
            label_paved_dev_team: 'group.default.team-checkout',
            label_paved_dev_lifecycle: 'persistent',
            label_kubernetes_io_metadata_name: 'checkout-dev',
          },
          points: [[end, 1]],
        },
      ];
    }
    if (query.includes('http_requests_total')) {
      return [{ labels: { namespace: 'checkout-dev' }, points: [[end, 1234]] }];
    }
    return [];
  });
  const source = PrometheusCostSource.create({ cluster: 'local', prometheus });

  it('loads per-container columns on a shared hourly axis', async () => {
    const input = await source.load({
      namespaces: ['checkout-dev'],
      start,
      end,
    });
    expect(input.cluster).toBe('local');
    // the pending pod was never seen running: it holds no node and costs nothing
    expect(input.pods).toHaveLength(1);
    const [samples] = input.pods;
    expect(samples).toMatchObject({
      namespace: 'checkout-dev',
      pod: 'checkout-api-7d9f8c6b5d-x2x4z',
      container: 'api',
      workload: 'checkout',
      labels: {
        'app.kubernetes.io/name': 'checkout-api',
        'backstage.io/kubernetes-id': 'checkout-api',
      },
      // the span of its samples; how much of each hour it ran is in coverage
      start: T0 + 0.5 * H,
      end: T0 + 3.5 * H,
      interval: H,
    });
    expect(Array.from(samples.coverage!)).toEqual([0, 29 / 60, 1, 1]);
    expect(Array.from(samples.timestamps)).toEqual(
      [-0.5, 0.5, 1.5, 2.5].map(h => T0 + h * H),
    );
    expect(Array.from(samples.cpuRequestCores!)).toEqual([
      NaN,
      0.25,
      0.25,
      0.25,
    ]);
    expect(Array.from(samples.cpuUsageCores!)).toEqual([NaN, NaN, 0.1, NaN]);
    expect(Array.from(samples.memoryUsageBytes!)).toEqual([NaN, NaN, NaN, NaN]);
    expect(input.namespaceLabels).toEqual({
      'checkout-dev': {
        'paved.dev/team': 'group.default.team-checkout',
        'paved.dev/lifecycle': 'persistent',
      },
    });
    // capacity is cluster-wide: not loaded for some namespaces
    expect(input.capacity).toBeUndefined();
    expect(input.volumes).toEqual([]);
  });

  it('puts the namespace matcher and the window into every query', async () => {
    prometheus.queries.length = 0;
    await source.load({ namespaces: ['checkout-dev'], start, end });
    const ranges = prometheus.queries.filter(q => q.start !== q.end);
    expect(ranges.map(q => [q.start, q.end])).toEqual(
      ranges.map(() => [evals[0], end]),
    );
    for (const { query } of prometheus.queries) {
      expect(query).toContain('namespace=~"checkout-dev"');
      expect(query).not.toMatch(/\$(sel|step|window|res)/);
    }
    expect(prometheus.queries.map(q => q.query)).toContain(
      'max by (namespace, pod, container) (avg_over_time(kube_pod_container_resource_requests{resource="cpu",namespace=~"checkout-dev"}[3600s]))',
    );
    expect(prometheus.queries.map(q => q.query)).toContain(
      'sum by (namespace, pod) (count_over_time((kube_pod_status_phase{phase="Running",namespace=~"checkout-dev"} == 1)[3600s:60s]))',
    );
  });

  it('counts HTTP requests per namespace', async () => {
    expect(
      await source.httpRequests({ namespaces: ['checkout-dev'], start, end }),
    ).toEqual({ 'checkout-dev': 1234 });
    expect(prometheus.queries[prometheus.queries.length - 1].query).toBe(
      'sum by (namespace) (increase(http_requests_total{namespace=~"checkout-dev"}[12600s]))',
    );
  });
});
