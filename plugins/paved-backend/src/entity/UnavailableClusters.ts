import {
  PartialClusterAnswer,
  UnavailableCluster,
} from '@paved/plugin-paved-common';
import { ClusterUnavailableError } from '@paved/plugin-paved-node';

/**
 * The clusters one answer had to leave out, each named once (the first reason found), collected while the
 * answer's reads fan out over the clusters.
 */
export class UnavailableClusters {
  private readonly byCluster = new Map<string, UnavailableCluster>();

  /** Notes clusters that could not be read; a cluster already noted keeps its first reason. */
  add(...found: UnavailableCluster[]): void {
    for (const entry of found) {
      if (!this.byCluster.has(entry.cluster)) {
        this.byCluster.set(entry.cluster, entry);
      }
    }
  }

  /** Whether `cluster` was noted. */
  has(cluster: string): boolean {
    return this.byCluster.has(cluster);
  }

  /** The clusters noted, by name. */
  list(): UnavailableCluster[] {
    return [...this.byCluster.values()].sort((a, b) =>
      a.cluster.localeCompare(b.cluster),
    );
  }

  /** The answer's `unavailableClusters`, spread into it: nothing when every cluster was read. */
  answer(): PartialClusterAnswer {
    return this.byCluster.size > 0 ? { unavailableClusters: this.list() } : {};
  }
}

/**
 * Notes `found` in `into`; without a collector the first cluster found fails the call (an HTTP 503 naming
 * it), as a read that cannot answer in part must.
 */
export function noteUnavailable(
  found: UnavailableCluster[],
  into: UnavailableClusters | undefined,
): void {
  if (found.length === 0) return;
  if (!into) throw new ClusterUnavailableError(found[0]);
  into.add(...found);
}
