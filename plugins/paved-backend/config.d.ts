export interface Config {
  /** Configuration of the Paved plugins. */
  paved?: {
    /**
     * Per-cluster settings for clusters already listed under `kubernetes.clusterLocatorMethods` (type `config`),
     * matched by name. A cluster without an entry is used with its Kubernetes plugin settings as they are.
     */
    clusters?: Array<{
      /** The cluster's `name` in `kubernetes.clusterLocatorMethods`. */
      name: string;
      /**
       * A token for Paved's own identity on this cluster, when it should differ from the Kubernetes plugin's.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * Act as the signed-in user on this cluster with `Impersonate-User` / `Impersonate-Group` headers, so the
       * API server's RBAC also judges every request. The token's identity needs the `impersonate` verb.
       */
      impersonate?: boolean;
    }>;
  };
}
