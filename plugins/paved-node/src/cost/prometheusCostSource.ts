import { InputError } from '@backstage/errors';
import {
  isKubernetesName,
  KUBERNETES_ID_ANNOTATION,
  PAVED_LABELS,
} from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { memoryBytes } from '../observe/podMetrics';
import { promqlRegexAlternation } from '../observe/promql';
import { PromSeries, PrometheusClient } from '../observe/prometheus';
import { BYTES_PER_GIB } from './prices';
import {
  CapacitySamples,
  CostInput,
  LoadBalancerInput,
  PodSamples,
  VolumeInput,
} from './types';
import { WORKLOAD_NAME_LABEL } from './workload';

/** Pod labels read from `kube_pod_labels` (Prometheus turns `a.b/c` into `label_a_b_c`). */
const POD_LABELS = [
  WORKLOAD_NAME_LABEL,
  'app.kubernetes.io/instance',
  'app.kubernetes.io/part-of',
  KUBERNETES_ID_ANNOTATION,
];

function promLabel(key: string) {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

function pickLabels(series: Record<string, string>, keys: string[]) {
  const labels: Record<string, string> = {};
  for (const key of keys) {
    const value = series[promLabel(key)];
    if (value) labels[key] = value;
  }
  return labels;
}

/**
 * The PromQL label matcher for some namespaces (all when none are given). Each name must be a Kubernetes
 * namespace name; it is also escaped for the regular expression and the string literal, so no input can
 * change the query.
 *
 * @throws InputError for a name that is not a namespace name.
 */
export function namespaceMatcher(namespaces?: string[]): string {
  if (namespaces === undefined) return 'namespace!=""';
  if (namespaces.length === 0) {
    throw new InputError('Name at least one namespace to load costs for');
  }
  for (const namespace of namespaces) {
    if (!isKubernetesName(namespace, 'label')) {
      throw new InputError(
        `"${namespace}" is not a namespace name (lowercase letters, digits and '-', at most 63 characters)`,
      );
    }
  }
  return `namespace=~"${promqlRegexAlternation(namespaces)}"`;
}

/**
 * The PromQL queries the cost source runs. `$sel` is the namespace matcher, `$step` the sample length and
 * `$window` the whole window (both like `3600s`), `$res` the lifetime resolution.
 *
 * @public
 */
export const COST_QUERIES = {
  /** CPU request, cores, averaged over each sample's hour. */
  cpuRequest:
    'max by (namespace, pod, container) (avg_over_time(kube_pod_container_resource_requests{resource="cpu",$sel}[$step]))',
  /** Memory request, bytes. */
  memoryRequest:
    'max by (namespace, pod, container) (avg_over_time(kube_pod_container_resource_requests{resource="memory",$sel}[$step]))',
  /** CPU usage, cores: the counter's rate over each hour (restarts are counter resets rate() handles). */
  cpuUsage:
    'max by (namespace, pod, container) (rate(container_cpu_usage_seconds_total{container!="",container!="POD",$sel}[$step]))',
  /** Memory usage (working set), bytes, averaged over each hour. */
  memoryUsage:
    'max by (namespace, pod, container) (avg_over_time(container_memory_working_set_bytes{container!="",container!="POD",$sel}[$step]))',
  /**
   * How many `$res` steps of each hour a pod was Running (pending pods hold no node; a restarting container
   * leaves its pod Running).
   */
  running:
    'sum by (namespace, pod) (count_over_time((kube_pod_status_phase{phase="Running",$sel} == 1)[$step:$res]))',
  podLabels: 'last_over_time(kube_pod_labels{$sel}[$window])',
  podOwners:
    'last_over_time(kube_pod_owner{owner_is_controller="true",$sel}[$window])',
  replicaSetOwners:
    'last_over_time(kube_replicaset_owner{owner_is_controller="true",$sel}[$window])',
  namespaceLabels: 'last_over_time(kube_namespace_labels{$sel}[$window])',
  cpuCapacity:
    'sum(avg_over_time(kube_node_status_capacity{resource="cpu"}[$step]))',
  memoryCapacity:
    'sum(avg_over_time(kube_node_status_capacity{resource="memory"}[$step]))',
  httpRequests:
    'sum by (namespace) (increase(http_requests_total{$sel}[$window]))',
} as const;

function render(query: string, values: Record<string, string>) {
  return query.replace(/\$(sel|step|window|res)/g, (_, name: string) => {
    return values[name];
  });
}

/**
 * What to load.
 *
 * @public
 */
export interface CostLoadOptions {
  /** Namespaces to load; the whole cluster when absent. */
  namespaces?: string[];
  /** Window, unix seconds. */
  start: number;
  end: number;
  /** Sample length, seconds; an hour unless given. */
  step?: number;
  /** Resolution at which pods are seen running, seconds (a divisor of `step`); a minute unless given. */
  lifetimeResolution?: number;
  /** Load node capacity (for idle cost); by default only when the whole cluster is loaded. */
  capacity?: boolean;
}

interface PodKey {
  namespace: string;
  pod: string;
}

const keyOf = (labels: Record<string, string>) =>
  `${labels.namespace}/${labels.pod}`;

/**
 * Loads the cost model's input of one cluster from Prometheus history: per container, hourly samples of
 * CPU and memory requests (`kube_pod_container_resource_requests`) and usage
 * (`container_cpu_usage_seconds_total`, `container_memory_working_set_bytes`), the share of each hour the
 * pod was Running (`kube_pod_status_phase`, seen once a minute), labels and owners from kube-state-metrics
 * series, node capacity, and — through the Kubernetes client — the PersistentVolumeClaims and
 * LoadBalancer Services that exist now.
 *
 * Samples are evaluated every `step` ending at the window's end; each describes the `step` before its
 * evaluation time and is time-stamped at its beginning.
 *
 * @public
 */
export class PrometheusCostSource {
  private constructor(
    private readonly cluster: string,
    private readonly prometheus: PrometheusClient,
    private readonly kubernetes?: KubernetesClient,
  ) {}

  /**
   * Creates a source; without a Kubernetes client there are no volumes or load balancers in the input.
   */
  static create(options: {
    cluster: string;
    prometheus: PrometheusClient;
    kubernetes?: KubernetesClient;
  }): PrometheusCostSource {
    return new PrometheusCostSource(
      options.cluster,
      options.prometheus,
      options.kubernetes,
    );
  }

  /** Loads the allocation input for the window. */
  async load(options: CostLoadOptions): Promise<CostInput> {
    const step = options.step ?? 3600;
    const { start, end } = options;
    if (!(end > start) || !(step > 0)) {
      throw new InputError(
        'The cost window must end after it starts and the step must be positive',
      );
    }
    const n = Math.ceil((end - start) / step);
    const first = end - (n - 1) * step; // first evaluation
    const resolution = Math.max(
      1,
      Math.round(options.lifetimeResolution ?? 60),
    );
    const values = {
      sel: namespaceMatcher(options.namespaces),
      step: `${Math.round(step)}s`,
      window: `${Math.ceil(end - first + step)}s`,
      res: `${resolution}s`,
    };
    const range = (query: keyof typeof COST_QUERIES) =>
      this.prometheus.queryRange(render(COST_QUERIES[query], values), {
        start: first,
        end,
        step,
      });
    const instant = (query: keyof typeof COST_QUERIES) =>
      this.prometheus.queryRange(render(COST_QUERIES[query], values), {
        start: end,
        end,
        step,
      });
    const withCapacity = options.capacity ?? options.namespaces === undefined;
    const [
      cpuRequest,
      memoryRequest,
      cpuUsage,
      memoryUsage,
      running,
      podLabels,
      podOwners,
      replicaSetOwners,
      namespaceLabels,
      cpuCapacity,
      memoryCapacity,
      objects,
    ] = await Promise.all([
      range('cpuRequest'),
      range('memoryRequest'),
      range('cpuUsage'),
      range('memoryUsage'),
      range('running'),
      instant('podLabels'),
      instant('podOwners'),
      instant('replicaSetOwners'),
      instant('namespaceLabels'),
      withCapacity ? range('cpuCapacity') : Promise.resolve([]),
      withCapacity ? range('memoryCapacity') : Promise.resolve([]),
      this.readObjects(options.namespaces),
    ]);

    // every sample column shares one time axis: evaluation time − step
    const timestamps = new Float64Array(n);
    for (let k = 0; k < n; k++) timestamps[k] = first + (k - 1) * step;
    const indexOf = (t: number) => Math.round((t - first) / step);

    const columns = new Map<
      string,
      PodKey & {
        container: string;
        values: Record<
          | 'cpuRequestCores'
          | 'cpuUsageCores'
          | 'memoryRequestBytes'
          | 'memoryUsageBytes',
          Float64Array
        >;
      }
    >();
    const fill = (
      series: PromSeries[],
      column:
        | 'cpuRequestCores'
        | 'cpuUsageCores'
        | 'memoryRequestBytes'
        | 'memoryUsageBytes',
    ) => {
      for (const s of series) {
        const { namespace, pod, container } = s.labels;
        if (!namespace || !pod || !container) continue;
        const key = `${namespace}/${pod}/${container}`;
        let entry = columns.get(key);
        if (!entry) {
          const empty = () => new Float64Array(n).fill(NaN);
          entry = {
            namespace,
            pod,
            container,
            values: {
              cpuRequestCores: empty(),
              cpuUsageCores: empty(),
              memoryRequestBytes: empty(),
              memoryUsageBytes: empty(),
            },
          };
          columns.set(key, entry);
        }
        for (const [t, v] of s.points) {
          const k = indexOf(t);
          if (k >= 0 && k < n) entry.values[column][k] = v;
        }
      }
    };
    fill(cpuRequest, 'cpuRequestCores');
    fill(memoryRequest, 'memoryRequestBytes');
    fill(cpuUsage, 'cpuUsageCores');
    fill(memoryUsage, 'memoryUsageBytes');

    const coverage = new Map<string, Float64Array>();
    for (const s of running) {
      const column = new Float64Array(n);
      for (const [t, count] of s.points) {
        const k = indexOf(t);
        if (k >= 0 && k < n)
          column[k] = Math.min(1, (count * resolution) / step);
      }
      coverage.set(keyOf(s.labels), column);
    }
    const labels = new Map(
      podLabels.map(s => [keyOf(s.labels), pickLabels(s.labels, POD_LABELS)]),
    );
    const deployments = new Map(
      replicaSetOwners
        .filter(s => s.labels.owner_kind === 'Deployment')
        .map(s => [
          `${s.labels.namespace}/${s.labels.replicaset}`,
          s.labels.owner_name,
        ]),
    );
    const owners = new Map<string, string>();
    for (const s of podOwners) {
      const { owner_kind: kind, owner_name: name, namespace } = s.labels;
      if (!name || name === '<none>') continue;
      let workload = name;
      if (kind === 'ReplicaSet') {
        workload = deployments.get(`${namespace}/${name}`) ?? name;
      } else if (kind === 'Job') {
        // a CronJob names its Jobs <cronjob>-<scheduled time in minutes>
        workload = /^(.+)-\d{8,}$/.exec(name)?.[1] ?? name;
      }
      owners.set(keyOf(s.labels), workload);
    }

    const pods: PodSamples[] = [];
    for (const entry of columns.values()) {
      const key = `${entry.namespace}/${entry.pod}`;
      let firstSample = -1;
      let lastSample = -1;
      for (let k = 0; k < n; k++) {
        const v = entry.values;
        if (
          !Number.isNaN(v.cpuRequestCores[k]) ||
          !Number.isNaN(v.cpuUsageCores[k]) ||
          !Number.isNaN(v.memoryRequestBytes[k]) ||
          !Number.isNaN(v.memoryUsageBytes[k])
        ) {
          if (firstSample < 0) firstSample = k;
          lastSample = k;
        }
      }
      if (firstSample < 0) continue;
      // A pod never seen running (pending, or up for less than a minute) costs nothing; without any phase
      // series at all (no kube-state-metrics phases) every sample counts in full.
      const share = coverage.get(key);
      if (!share && coverage.size > 0) continue;
      const podLabelsOf = labels.get(key);
      const workload = owners.get(key);
      pods.push({
        namespace: entry.namespace,
        pod: entry.pod,
        container: entry.container,
        ...(podLabelsOf && { labels: podLabelsOf }),
        ...(workload && { workload }),
        start: timestamps[firstSample],
        end: timestamps[lastSample] + step,
        timestamps,
        ...entry.values,
        ...(share && { coverage: share }),
        interval: step,
      });
    }

    let capacity: CapacitySamples | undefined;
    if (cpuCapacity.length > 0 && memoryCapacity.length > 0) {
      const cpuCores = new Float64Array(n).fill(NaN);
      const memory = new Float64Array(n).fill(NaN);
      for (const [series, column] of [
        [cpuCapacity, cpuCores],
        [memoryCapacity, memory],
      ] as const) {
        for (const [t, v] of series[0].points) {
          const k = indexOf(t);
          if (k >= 0 && k < n) column[k] = v;
        }
      }
      capacity = { timestamps, cpuCores, memoryBytes: memory, interval: step };
    }

    return {
      cluster: this.cluster,
      pods,
      ...objects,
      ...(capacity && { capacity }),
      namespaceLabels: Object.fromEntries(
        namespaceLabels.map(s => [
          s.labels.namespace,
          pickLabels(s.labels, Object.values(PAVED_LABELS)),
        ]),
      ),
    };
  }

  /** HTTP requests served per namespace in the window (from `http_requests_total`). */
  async httpRequests(options: {
    namespaces?: string[];
    start: number;
    end: number;
  }): Promise<Record<string, number>> {
    const query = render(COST_QUERIES.httpRequests, {
      sel: namespaceMatcher(options.namespaces),
      window: `${Math.max(1, Math.ceil(options.end - options.start))}s`,
    });
    const series = await this.prometheus.queryRange(query, {
      start: options.end,
      end: options.end,
      step: 60,
    });
    return Object.fromEntries(
      series
        .filter(s => s.points.length > 0)
        .map(s => [s.labels.namespace, s.points[s.points.length - 1][1]]),
    );
  }

  private async readObjects(namespaces?: string[]): Promise<{
    volumes: VolumeInput[];
    loadBalancers: LoadBalancerInput[];
  }> {
    const client = this.kubernetes;
    if (!client) return { volumes: [], loadBalancers: [] };
    type Item = {
      metadata: {
        name: string;
        namespace: string;
        labels?: Record<string, string>;
        creationTimestamp?: string;
        deletionTimestamp?: string;
      };
      spec?: {
        type?: string;
        resources?: { requests?: { storage?: string } };
      };
      status?: { phase?: string; capacity?: { storage?: string } };
    };
    const list = async (resource: string, namespace?: string) => {
      const path = namespace
        ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${resource}`
        : `/api/v1/${resource}`;
      const answer = await client.request<{ items: Item[] }>({
        path,
        context: `listing ${resource}${
          namespace ? ` in ${namespace}` : ''
        } for costs`,
      });
      return answer.items;
    };
    const scopes = namespaces ?? [undefined];
    const [claims, services] = await Promise.all([
      Promise.all(scopes.map(ns => list('persistentvolumeclaims', ns))),
      Promise.all(scopes.map(ns => list('services', ns))),
    ]);
    const lifetime = (item: Item) => ({
      namespace: item.metadata.namespace,
      name: item.metadata.name,
      ...(item.metadata.labels && { labels: item.metadata.labels }),
      start: Date.parse(item.metadata.creationTimestamp ?? '') / 1000 || 0,
      ...(item.metadata.deletionTimestamp && {
        end: Date.parse(item.metadata.deletionTimestamp) / 1000,
      }),
    });
    return {
      volumes: claims
        .flat()
        .filter(c => c.status?.phase === 'Bound')
        .map(c => ({
          ...lifetime(c),
          sizeGiB:
            memoryBytes(
              c.status?.capacity?.storage ??
                c.spec?.resources?.requests?.storage ??
                '0',
            ) / BYTES_PER_GIB,
        })),
      loadBalancers: services
        .flat()
        .filter(s => s.spec?.type === 'LoadBalancer')
        .map(lifetime),
    };
  }
}
