export interface Config {
  paved?: {
    traces?: {
      /**
       * Where rendered workloads send their traces (`OTEL_EXPORTER_OTLP_ENDPOINT`, OTLP over HTTP), e.g. the
       * cluster's OpenTelemetry Collector. Default: http://otel-collector.observability.svc:4318.
       */
      otlpEndpoint?: string;
    };
    /**
     * Guardrails `kubernetes:apply` checks before anything is sent to a cluster. Every one is on unless
     * configured off.
     */
    guardrails?: {
      /** Enforce the Pod Security "restricted" rules on every pod template. Default true. */
      podSecurityRestricted?: boolean;
      /** Every container must request and limit CPU and memory. Default true. */
      requireResources?: boolean;
      /** Containers of Deployments, StatefulSets and DaemonSets need liveness and readiness probes. Default true. */
      requireProbes?: boolean;
      /** Images need a version tag other than `latest`, or a digest. Default true. */
      forbidLatestTag?: boolean;
      /** Registry hosts images may come from, e.g. `registry.example.com`; empty or unset allows any. */
      allowedRegistries?: string[];
      /**
       * Kinds that may not be applied (`Kind` or `group/Kind`). Default: ClusterRole, ClusterRoleBinding,
       * CustomResourceDefinition, admission webhooks and policies, Namespace.
       */
      forbiddenKinds?: string[];
      /** The target namespace must be a Paved environment owned by one of the user's teams. Default true. */
      requireTeamEnvironment?: boolean;
    };
  };
}
