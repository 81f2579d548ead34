import { PavedCluster } from '../cluster/types';
import { PrometheusClient } from './prometheus';

/**
 * A Prometheus client per cluster that has a `prometheusUrl`, keyed by cluster name; clusters without one are
 * left out.
 *
 * @public
 */
export function clusterPrometheusClients(
  clusters: PavedCluster[],
  options: { timeoutMs: number },
): Map<string, PrometheusClient> {
  const clients = new Map<string, PrometheusClient>();
  for (const cluster of clusters) {
    if (cluster.prometheusUrl) {
      clients.set(
        cluster.name,
        new PrometheusClient(cluster.prometheusUrl, options),
      );
    }
  }
  return clients;
}
