import { PavedCluster } from '../cluster/types';
import { PavedLimits } from '../limits/readLimits';
import { JaegerClient } from './JaegerClient';

/**
 * A trace store client per cluster that has a `jaegerUrl`, keyed by cluster name; clusters without one are left
 * out. Each call is bounded by `paved.limits.timeouts.jaegerMs` and `paved.limits.traces.readBytes`.
 *
 * @public
 */
export function clusterTraceStores(
  clusters: PavedCluster[],
  limits: Pick<PavedLimits, 'timeouts' | 'traces'>,
): Map<string, JaegerClient> {
  const stores = new Map<string, JaegerClient>();
  for (const cluster of clusters) {
    if (cluster.jaegerUrl) {
      stores.set(
        cluster.name,
        new JaegerClient(cluster.jaegerUrl, {
          timeoutMs: limits.timeouts.jaegerMs,
          maxBytes: limits.traces.readBytes,
        }),
      );
    }
  }
  return stores;
}
