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
       * How Paved authenticates to this cluster: `serviceAccount` (a token, inline or from a file), `oidc` (a
       * token from a file or an environment variable), or the name of an auth strategy an admin's backend adds
       * through `pavedAuthStrategiesServiceRef`. Default: `serviceAccount` when this entry gives a token, else
       * the cluster's `authProvider` under `kubernetes.clusterLocatorMethods`.
       */
      authProvider?: string;
      /**
       * A file holding Paved's service-account token (e.g. the projected token of a pod,
       * /var/run/secrets/kubernetes.io/serviceaccount/token); read again whenever it changes, so rotated
       * tokens are picked up.
       */
      serviceAccountTokenFile?: string;
      /** `oidc`: a file holding the OIDC / workload-identity token, read again whenever it changes. */
      oidcTokenFile?: string;
      /** `oidc`: the environment variable holding the OIDC token, when it is not in a file. */
      oidcTokenEnvVar?: string;
      /**
       * Act as the signed-in user on this cluster with `Impersonate-User` / `Impersonate-Group` headers, so the
       * API server's RBAC also judges every request. The token's identity needs the `impersonate` verb.
       * Default: true. `false` is refused at startup unless `dangerouslyAllowWithoutImpersonation` is set too.
       */
      impersonate?: boolean;
      /**
       * Accept `impersonate: false` on this cluster: every user's request then reaches the cluster with Paved's
       * own rights, and only Paved's permission checks refuse what a user may not do. Logged as a warning.
       */
      dangerouslyAllowWithoutImpersonation?: boolean;
      /** Prometheus holding this cluster's request and resource series, e.g. http://prometheus.monitoring:9090. */
      prometheusUrl?: string;
      /**
       * How often that Prometheus scrapes kube-state-metrics, seconds (a divisor of 3600). Pods' running time,
       * and so their cost, is counted at this resolution. Default: 60.
       */
      prometheusScrapeIntervalSeconds?: number;
      /**
       * A trace store answering Jaeger's query API (Jaeger's query service, or any backend serving
       * `/api/traces`) that holds the traces of this cluster's workloads, e.g. http://jaeger-query.tracing:16686.
       * Without it the Traces card says the cluster has none.
       */
      jaegerUrl?: string;
    }>;
    /** Metrics shown on the Platform tab. */
    metrics?: {
      /**
       * PromQL templates of the golden signals. `$namespaces` (a regex alternation of all the entity's
       * namespaces, escaped; the query must keep `by (namespace)`), `$service` (the entity's kubernetes-id) and
       * `$window` are filled in by the backend; the browser never sends a query. A template using `$namespace`
       * (one namespace) instead runs once per environment.
       */
      queries?: {
        requestRate?: string;
        errorRatio?: string;
        p50?: string;
        p95?: string;
        p99?: string;
      };
    };
    /** The git host golden paths publish to. */
    git?: {
      /**
       * The `integrations.gitea` host (e.g. `127.0.0.1:13300`) whose entry's username and password create the
       * team's repository and push the starter code. Unset, or an entry without credentials: golden paths keep
       * the code in the workspace and register the component from the local catalog folder.
       */
      host?: string;
      /**
       * A preview environment per pull request, made when the git host delivers pull request events to
       * `/api/paved/git/webhook`.
       */
      previews?: {
        /**
         * The secret the git host signs deliveries with (HMAC-SHA256, at least 16 characters). Unset: previews
         * are off and deliveries are refused.
         * @visibility secret
         */
        webhookSecret?: string;
        /** Where repositories deliver to; default the Paved backend's own `/git/webhook` address. */
        webhookUrl?: string;
        /** The environment a preview clones, per team. Default `dev`. */
        sourceEnvironment?: string;
        /** The cluster of the previews and their source. Default: the first configured cluster. */
        cluster?: string;
        /** Hours until a preview expires if its close is never delivered. Default 72. */
        ttlHours?: number;
        /** Previews a team may have at once. Default 3. */
        maxPerTeam?: number;
        /** The most a preview's quota may cost per month (price currency); picks its size preset. */
        monthlyCostCap?: number;
        /** How long a preview's rollout is waited for. Default 120. */
        rolloutTimeoutSeconds?: number;
      };
    };
    /** Registering components scaffolded without a git host (the local default). */
    localCatalog?: {
      /** Folder the copied catalog files are kept in. Default: `<os tmpdir>/paved-local-catalog`. */
      directory?: string;
    };
    /** Showback: prices, budgets and the budget warning threshold. */
    cost?: {
      /**
       * Price table per cluster, keyed by the cluster's name in `kubernetes.clusterLocatorMethods`. A cluster
       * without one is left out of every cost.
       */
      prices?: {
        [cluster: string]: {
          /** Price of one vCPU (core) for one hour, e.g. 0.0316. */
          cpuCoreHour: number | string;
          /** Price of one GiB of memory for one hour, e.g. 0.0042. */
          memoryGiBHour: number | string;
          /** Price of one GiB of PersistentVolumeClaim for one month (730 hours), e.g. 0.10. */
          storageGiBMonth: number | string;
          /** Price of one Service of type LoadBalancer for one hour, e.g. 0.025. */
          loadBalancerHour: number | string;
          /** ISO 4217 code of the prices and budgets. Default: USD. */
          currency?: string;
          /** Share idle node capacity among the workloads instead of reporting it apart. Default: false. */
          idleSharing?: boolean;
        };
      };
      /**
       * Monthly budgets by group ref (or group name in the default namespace), in the price currency. A group's
       * `paved.dev/monthly-budget` annotation wins over its entry here.
       */
      /** Budget alerts: a Backstage notification to a team whose status gets worse (warning, then over) in a month. */
      alerts?: {
        /** Default: true. */
        enabled?: boolean;
        /** How often budgets are checked. Default: 60. */
        frequencyMinutes?: number;
      };
      budgets?: { [group: string]: number | string };
      /** Share of the budget from which a team's status is `warning` (0–1). Default: 0.8. */
      budgetWarningThreshold?: number;
    };
    /** Revisions of the changes Paved applies. */
    revisions?: {
      retention?: {
        /** Revisions kept per environment (the newest ones). Default: 1000. */
        keepPerEnvironment?: number;
        /** Revisions older than this many days are deleted (each environment keeps its newest); 0 keeps any age. Default: 400. */
        maxAgeDays?: number;
      };
    };
    /** Checks made before a change is applied. */
    changes?: {
      /**
       * A change whose cost forecast pushes the team over its monthly budget: `approval` makes it a change
       * request for a team lead (leads and platform admins apply it directly), `warn` only says so. Default: approval.
       */
      overBudget?: 'approval' | 'warn';
    };
    /** Secrets set from the Secrets card, and their rotation. */
    secrets?: {
      rotation?: {
        /** How often the backend looks for Secrets whose rotation is due. Default: 60. */
        checkIntervalSeconds?: number;
      };
      /**
       * HashiCorp Vault as the secret manager of environments labelled `paved.dev/secret-store=vault`. Paved's
       * token may only mint team tokens through `tokenRole`; each team's writes use a token holding only the
       * team's policy (`teamPolicyPrefix` + the team's label value).
       */
      vault?: {
        /** e.g. `https://vault.example.com:8200`. */
        address: string;
        /**
         * Paved's Vault token; prefer tokenFile.
         * @visibility secret
         */
        token?: string;
        /** A file holding Paved's Vault token, read on every request. */
        tokenFile?: string;
        /** Mount of the KV version 2 engine. Default: paved. */
        kvMount?: string;
        /** Default: paved-team-writer. */
        tokenRole?: string;
        /** Default: paved-team-. */
        teamPolicyPrefix?: string;
        /** Default: 10000. */
        timeoutMs?: number;
      };
      /** How namespaces sync their values from Vault through External Secrets. */
      externalSecrets?: {
        /** Vault's address as External Secrets reaches it. Default: vault.address. */
        vaultServer?: string;
        /** Vault's kubernetes auth mount. Default: kubernetes. */
        kubernetesAuthMount?: string;
        /** The kubernetes auth role of every namespace's `paved-secrets` ServiceAccount. Default: paved-eso. */
        role?: string;
        /** How often External Secrets reads Vault again, e.g. `1m`. Default: 1m. */
        refreshInterval?: string;
      };
    };
    /** AI agents using Paved's tools over MCP. */
    agents?: {
      /**
       * Minutes a change request made by an agent waits for its user's confirmation before it expires and can
       * never run. Default: 60.
       */
      confirmWithinMinutes?: number;
    };
    /** Production approvals. */
    approvals?: {
      /** Hours an approval request stays open before it expires. Default: 72. */
      ttlHours?: number;
      /**
       * Seconds without a heartbeat after which the run of an approved change counts as abandoned (its
       * backend died) and any replica's housekeeping finishes it. The running backend renews it every third
       * of this. Default: 30.
       */
      runLeaseSeconds?: number;
      /**
       * Seconds a stopping backend waits for the approved changes it is running before it records them as
       * failed (interrupted). Default: 10.
       */
      shutdownGraceSeconds?: number;
      housekeeping?: {
        /** Seconds between housekeeping passes (expiry, abandoned runs), on one replica at a time. Default: 60. */
        frequencySeconds?: number;
      };
    };
    /**
     * Backstage notifications (when the notifications backend is installed): approval requests to the team's
     * leads, decisions to the requester, budget alerts to the team.
     */
    notifications?: {
      /** Default: true. */
      enabled?: boolean;
    };
    /**
     * The cluster lists behind the entity views (the Paved namespaces of a cluster; the pods, workloads,
     * ReplicaSets, Jobs, events and pod metrics of one namespace), shared between the users whom Paved's
     * permission check admitted to an entity, so that a team opening its pages reads each list once.
     */
    sharedReads?: {
      /**
       * Milliseconds a list is shared, 0 to 60000; 0 turns sharing off. Default: 3000. One token's catalog lookup
       * of the entity and the permission policy's answers for it are reused for as long.
       */
      ttlMs?: number;
    };
    /**
     * Live updates of the Platform tab over Backstage Signals: while a page is open (it registers with
     * `POST …/live` and renews at half the time to live), the pods of the entity's environments are watched,
     * one watch per namespace shared by every viewer, and changes of readiness go to the viewers only.
     */
    live?: {
      /** Default true; false answers registrations with no environment and watches nothing. */
      enabled?: boolean;
      /** Seconds a registration lasts unless renewed, at least 10. Default 60. */
      subscriptionTtlSeconds?: number;
      /** Entities one user may follow live at once (429 beyond, naming this key). Default 10. */
      perUser?: number;
      /** Namespaces watched at once by this backend, all users together (429 beyond). Default 100. */
      maxWatches?: number;
      /** Seconds a namespace's watch is kept after its last viewer left, 0 or more. Default 30. */
      lingerSeconds?: number;
      /** Milliseconds the changes of one entity in one environment are gathered into one message, 0 or more. Default 50. */
      coalesceMs?: number;
      watch?: {
        /** Seconds after which the API server ends each watch request (it resumes at once). Default 300. */
        timeoutSeconds?: number;
        /** Bytes of one watch event before the stream is ended and started again. Default 1048576. */
        maxEventBytes?: number;
        /** Pods of one namespace kept in memory; beyond it, ready counts are left out. Default 2000. */
        maxPods?: number;
        /** First wait before reconnecting a failed watch, doubled per failure. Default 1000. */
        backoffInitialMs?: number;
        /** Longest wait before reconnecting. Default 30000. */
        backoffMaxMs?: number;
      };
    };
    /**
     * Bounds on what users may hold open and how long every outbound call may take. Each value is a whole
     * number of at least 1; a value left out takes the default named here.
     */
    limits?: {
      /** Live log follows (`GET .../logs/follow`); beyond a limit the backend answers 429 naming it. */
      follows?: {
        /** Follows one user may have open at once. Default: 3. */
        perUser?: number;
        /** Follows open at once on this backend, all users together. Default: 30. */
        global?: number;
        /** Minutes after which the backend ends a follow (the client may follow again). Default: 60. */
        maxDurationMinutes?: number;
        /** Bytes of log lines after which the backend ends a follow. Default: 16777216 (16 MiB). */
        maxBytes?: number;
      };
      /** Log reads of the logs endpoint. */
      logs?: {
        /**
         * Bytes read of one container's log in one request (the pod log API's `limitBytes`); a read cut there
         * says so in the answer's notice. Default: 1048576 (1 MiB).
         */
        readBytes?: number;
        /**
         * Bytes of log lines in one answer, all containers together; the oldest lines beyond it are left out
         * and the notice says so. Default: 4194304 (4 MiB).
         */
        answerBytes?: number;
      };
      traces?: {
        /**
         * Bytes of one answer of a trace store (a search, or one trace) read before it is refused with a 502
         * naming this limit. Default: 8388608 (8 MiB).
         */
        readBytes?: number;
      };
      /** Connections to each cluster's API server. */
      connections?: {
        /** Connections for short calls (kept alive and reused). Default: 32. */
        requestSockets?: number;
        /**
         * Connections for long-lived streams (each followed container holds one), kept apart from the short
         * calls' ones so that open follows never hold up other requests. Default: 1000.
         */
        streamSockets?: number;
      };
      /**
       * Timeouts of outbound calls, in milliseconds. A call that takes longer fails with HTTP 504 and a
       * message naming the service and the call.
       */
      timeouts?: {
        /** A short call to a Kubernetes API server, from connecting to its last byte. Default: 15000. */
        kubernetesMs?: number;
        /**
         * A log follow's connection to a Kubernetes API server (TCP and TLS); the stream itself then stays
         * open as long as the follow. Default: 10000.
         */
        kubernetesConnectMs?: number;
        /**
         * How long a Kubernetes call that failed for a passing reason is retried, counted from its first
         * attempt: 429 (honouring Retry-After) always, 500/502/503/504 only for idempotent calls (reads,
         * deletes, server-side apply, dry runs), refused or broken connections for writes (a broken one only
         * for idempotent writes) but not for reads, so that an unreachable cluster fails a page's read at once;
         * a call that timed out is not repeated. Jittered exponential backoff. Default: 15000.
         */
        kubernetesRetryMs?: number;
        /** A Prometheus query. Default: 15000. */
        prometheusMs?: number;
        /** A call to a cluster's trace store (`jaegerUrl`). Default: 10000. */
        jaegerMs?: number;
        /** A call Paved makes to the catalog. Default: 10000. */
        catalogMs?: number;
        /**
         * A call of the scaffolder actions to the Paved backend (an approval request, whose diff reads the
         * cluster; an audit entry). Default: 120000.
         */
        backendMs?: number;
        /** Sending a Backstage notification (a failed send is logged; the change goes on). Default: 10000. */
        notificationsMs?: number;
      };
      /**
       * Reads that fan out to every cluster of a team's environments (overview, logs, events, metrics, cost,
       * diagnoses). A cluster that times out, is unreachable or refuses Paved's credentials leaves its part out
       * of the answer, which names it under `unavailableClusters`; the other clusters' parts are answered.
       */
      fanOut?: {
        /** Calls to clusters one request makes at once. Default: 6. */
        concurrency?: number;
        /** Milliseconds one cluster's call may take before the answer goes on without it. Default: 10000. */
        clusterTimeoutMs?: number;
        /**
         * Consecutive failures of a cluster after which its circuit breaker opens: calls to it then fail at once
         * (per backend process). Default: 3.
         */
        breakerFailures?: number;
        /** Milliseconds an open breaker fails calls at once before one call probes the cluster again. Default: 30000. */
        breakerCooldownMs?: number;
      };
    };
    /** Who is who in Paved's tiers. */
    access?: {
      /** Group refs whose members are platform admins, e.g. `group:default/team-platform`. */
      platformAdminGroups?: string[];
    };
    /** How environments are made and cleaned up. */
    environments?: {
      /**
       * Environment names that are production-class and protected; an entry ending in `*` matches every name
       * starting with the rest, e.g. `production-*`. Default: production, prod.
       */
      protected?: string[];
      /** Namespace of the ingress controller every environment admits traffic from. Default: ingress-nginx. */
      ingressControllerNamespace?: string;
      /** Hours an ephemeral environment lives when its request names no TTL. Default: 72. */
      defaultTtlHours?: number;
      /** ClusterRoles bound in every environment, per tier. */
      roles?: {
        /** Default: paved:developer. */
        developer?: string;
        /** Developers' role in protected environments, where their changes need approval. Default: paved:viewer. */
        protectedDeveloper?: string;
        /**
         * Also bound to developers in protected environments: create and replace Secrets without reading
         * them. Default: paved:secret-writer; '' binds none.
         */
        protectedSecretWriter?: string;
        /** Default: paved:team-lead. */
        teamLead?: string;
        /** Default: admin. */
        platformAdmin?: string;
        /**
         * Paved's own role inside each environment (which Secret keys exist, rotation, the secret manager's
         * SecretStore), bound to Paved's user name on the cluster. Default: paved:backend-secrets; '' binds none.
         */
        backend?: string;
      };
      /** Size presets, by name; small, medium and large exist by default. */
      sizes?: {
        [name: string]: {
          /** Total CPU requests, in cores or millicores, e.g. `4` or `500m`. */
          cpu: string;
          /** Total memory requests, e.g. `8Gi`. */
          memory: string;
          pods: number;
          defaultRequest?: { cpu?: string; memory?: string };
          defaultLimit?: { cpu?: string; memory?: string };
        };
      };
      /** The scheduled deletion of expired ephemeral environments. */
      cleanup?: {
        /** Default true. */
        enabled?: boolean;
        /** Only log what would be deleted. Default false. */
        dryRun?: boolean;
        /** Default 10. */
        frequencyMinutes?: number;
      };
    };
  };
}
