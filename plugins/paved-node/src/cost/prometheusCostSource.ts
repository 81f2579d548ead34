import { InputError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { PrometheusClient } from '../observe/prometheus';
import { readCostObjects } from './costObjects';
import { CostQuery, namespaceMatcher, renderCostQuery } from './costQueries';
import {
  capacitySamples,
  containerColumns,
  podSamples,
  runningCoverage,
  sampleAxis,
} from './costSamples';
import {
  pavedLabelsByNamespace,
  podLabelsByPod,
  workloadsByPod,
} from './costSeries';
import { CostInput } from './types';

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
    const axis = sampleAxis(start, end, step);
    const resolution = Math.max(
      1,
      Math.round(options.lifetimeResolution ?? 60),
    );
    const values = {
      sel: namespaceMatcher(options.namespaces),
      step: `${Math.round(step)}s`,
      window: `${Math.ceil(end - axis.first + step)}s`,
      res: `${resolution}s`,
    };
    const range = (query: CostQuery) =>
      this.prometheus.queryRange(renderCostQuery(query, values), {
        start: axis.first,
        end,
        step,
      });
    const instant = (query: CostQuery) =>
      this.prometheus.queryRange(renderCostQuery(query, values), {
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
      this.kubernetes
        ? readCostObjects(this.kubernetes, options.namespaces)
        : { volumes: [], loadBalancers: [] },
    ]);

    const columns = containerColumns(axis, {
      cpuRequestCores: cpuRequest,
      memoryRequestBytes: memoryRequest,
      cpuUsageCores: cpuUsage,
      memoryUsageBytes: memoryUsage,
    });
    const pods = podSamples(axis, columns, {
      coverage: runningCoverage(axis, running, resolution),
      labels: podLabelsByPod(podLabels),
      workloads: workloadsByPod(podOwners, replicaSetOwners),
    });
    const capacity = capacitySamples(axis, cpuCapacity, memoryCapacity);
    return {
      cluster: this.cluster,
      pods,
      ...objects,
      ...(capacity && { capacity }),
      namespaceLabels: pavedLabelsByNamespace(namespaceLabels),
    };
  }

  /** HTTP requests served per namespace in the window (from `http_requests_total`). */
  async httpRequests(options: {
    namespaces?: string[];
    start: number;
    end: number;
  }): Promise<Record<string, number>> {
    const query = renderCostQuery('httpRequests', {
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
}
