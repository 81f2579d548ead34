/**
 * A cluster Paved can reach, read from `kubernetes.clusterLocatorMethods` (type `config`) and refined by
 * `paved.clusters`.
 *
 * @public
 */
export interface PavedCluster {
  /** The cluster's name in `kubernetes.clusterLocatorMethods`. */
  name: string;
  /** API server URL. */
  url: string;
  /** Base64-encoded PEM CA bundle. */
  caData?: string;
  /** Path to a PEM CA bundle. */
  caFile?: string;
  skipTLSVerify: boolean;
  /** Bearer token of the identity Paved uses on this cluster (`serviceAccountToken`). */
  token?: string;
  /**
   * Name of the auth strategy that gives Paved its bearer token on this cluster: `serviceAccount` (the
   * default), `oidc`, or one an admin adds through `pavedAuthStrategiesServiceRef`.
   */
  authProvider?: string;
  /**
   * The cluster's string settings the auth strategy reads, e.g. `serviceAccountTokenFile`, `oidcTokenFile` or
   * `oidcTokenEnvVar`: those of its `kubernetes.clusterLocatorMethods` entry, overridden by its `paved.clusters`
   * entry (tokens themselves are in `token`).
   */
  authMetadata?: Record<string, string>;
  /** Prometheus holding this cluster's request and resource series (`paved.clusters[].prometheusUrl`). */
  prometheusUrl?: string;
  /** How often that Prometheus scrapes pod phases, seconds; a divisor of 3600. */
  prometheusScrapeIntervalSeconds?: number;
  /**
   * A trace store answering Jaeger's query API (`/api/traces`) that holds the traces of this cluster's
   * workloads (`paved.clusters[].jaegerUrl`).
   */
  jaegerUrl?: string;
  /**
   * When true, every request made on behalf of a user carries `Impersonate-User` and `Impersonate-Group`
   * headers, so the API server's RBAC judges the user and not the backend.
   */
  impersonate: boolean;
}

/**
 * The user a request is made for, as the API server should see them when impersonation is enabled.
 *
 * @public
 */
export interface ClusterIdentity {
  /** Kubernetes user name: the Backstage user entity ref, e.g. `user:default/bob`. */
  user: string;
  /** Kubernetes groups: the user's ownership entity refs, e.g. `group:default/team-checkout`. */
  groups: string[];
}
