import { InputError } from '@backstage/errors';
import { isKubernetesName } from '@paved/plugin-paved-common';
import { promqlRegexAlternation } from '../observe/promql';

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

/**
 * The name of one of {@link COST_QUERIES}.
 */
export type CostQuery = keyof typeof COST_QUERIES;

/**
 * Fills the `$sel`, `$step`, `$window` and `$res` placeholders of a cost query. The values are built by the
 * cost source itself (a checked namespace matcher and durations), never taken from a caller as they are.
 */
export function renderCostQuery(
  query: CostQuery,
  values: Record<string, string>,
): string {
  return COST_QUERIES[query].replace(
    /\$(sel|step|window|res)/g,
    (_, name: string) => {
      return values[name];
    },
  );
}
