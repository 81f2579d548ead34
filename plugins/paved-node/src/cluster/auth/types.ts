import { PavedCluster } from '../types';

/**
 * How Paved authenticates to a cluster: gives the bearer token of Paved's own identity there. Requests made
 * for a user still carry impersonation headers on top of it when the cluster impersonates.
 *
 * A cluster picks its strategy by name with `authProvider` (in `paved.clusters`, or its
 * `kubernetes.clusterLocatorMethods` entry). `getCredential` is called for every request, so a strategy
 * whose token rotates (a projected service account token, a cloud provider token) returns the current one;
 * it should cache what is expensive to get.
 *
 * @public
 */
export interface PavedAuthStrategy {
  /** The name clusters select it by, e.g. `serviceAccount`, `oidc`, `eks`. */
  name: string;
  /** The bearer token for `cluster`, or undefined to send none. */
  getCredential(cluster: PavedCluster): Promise<string | undefined>;
  /**
   * What is missing or wrong in a cluster's settings for this strategy, one sentence each naming the config
   * key and the fix; checked when the backend starts. None when absent.
   */
  validateCluster?(cluster: PavedCluster): string[];
}
