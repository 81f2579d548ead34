import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ClusterRegistry,
  KubernetesClient,
  KubernetesRequest,
  PromiseCache,
} from '@paved/plugin-paved-node';
import { sharedCache } from './sharedCache';

/** `paved.sharedReads.ttlMs` when unset. */
export const DEFAULT_SHARED_READS_TTL_MS = 3000;

/**
 * The lists an entity page reads that may be shared: the Paved namespaces of a cluster, and the pods,
 * workloads, ReplicaSets, Jobs, events and pod metrics of one namespace (never Secrets or ConfigMaps, never
 * one object, a log or a watch).
 */
const SHAREABLE = [
  /^\/api\/v1\/namespaces$/,
  /^\/api\/v1\/namespaces\/[^/]+\/(pods|events)$/,
  /^\/apis\/apps\/v1\/namespaces\/[^/]+\/(deployments|statefulsets|daemonsets|replicasets)$/,
  /^\/apis\/batch\/v1\/namespaces\/[^/]+\/(jobs|cronjobs)$/,
  /^\/apis\/metrics\.k8s\.io\/v1beta1\/namespaces\/[^/]+\/pods$/,
];

/** The cache key of a shareable read (cluster, path and sorted query), or undefined when it is not one. */
export function sharedReadKey(
  cluster: string,
  request: KubernetesRequest,
): string | undefined {
  if ((request.method ?? 'GET') !== 'GET' || request.body !== undefined) {
    return undefined;
  }
  // a caller that wants the answer's status or warnings, or may abort, reads for itself
  if (request.signal || request.onStatus || request.warnings) return undefined;
  if (request.longLived) return undefined;
  if (!SHAREABLE.some(pattern => pattern.test(request.path))) return undefined;
  const query = Object.entries(request.query ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .sort()
    .join('&');
  return `${cluster} ${request.path}?${query}`;
}

/**
 * Cluster list reads shared between the users of an entity page for a short time (`paved.sharedReads.ttlMs`):
 * the lists behind the overview, diagnoses, events, metrics and logs, keyed by cluster, namespace, resource
 * and query, **not** by user. Concurrent misses of one key make one request (single flight); a failed read is
 * not kept.
 *
 * Only the services of the entity views use it, and they read only after the route's permission check has
 * admitted the user for the entity, and only in the environments of the entity's owning teams. Within them
 * every tier reads the same lists (the tier roles all grant get/list on them), so a user is answered what the
 * API server would have answered them; the API server's impersonated check of that user is not repeated on a
 * hit (see SECURITY.md).
 */
export class SharedClusterReads {
  private readonly cache: PromiseCache<string>;

  constructor(
    /** How long an answer is shared, in milliseconds; 0 shares nothing. */
    readonly ttlMs: number = DEFAULT_SHARED_READS_TTL_MS,
    now: () => number = Date.now,
  ) {
    this.cache = sharedCache<string>(ttlMs, now);
  }

  /** `paved.sharedReads.ttlMs` (default {@link DEFAULT_SHARED_READS_TTL_MS}; 0 turns sharing off). */
  static fromConfig(config: RootConfigService): SharedClusterReads {
    const ttlMs =
      config.getOptionalNumber('paved.sharedReads.ttlMs') ??
      DEFAULT_SHARED_READS_TTL_MS;
    if (!Number.isInteger(ttlMs) || ttlMs < 0 || ttlMs > 60_000) {
      throw new InputError(
        `paved.sharedReads.ttlMs must be a whole number of milliseconds from 0 to 60000 (got ${ttlMs}); a few seconds suit an entity page`,
      );
    }
    return new SharedClusterReads(ttlMs);
  }

  /**
   * The answer of a shareable read from the cache, or `load`'s (kept for the TTL); any other read is
   * `load`'s. Every caller gets its own copy of the answer. A shared list's items come without
   * `metadata.managedFields`, which no entity view reads and which make up about half of a pod's JSON.
   */
  async read<T>(
    cluster: string,
    request: KubernetesRequest,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = this.ttlMs > 0 ? sharedReadKey(cluster, request) : undefined;
    if (!key) return load();
    const text = await this.cache.get(key, async () =>
      JSON.stringify(withoutManagedFields(await load()) ?? null),
    );
    return JSON.parse(text) as T;
  }

  /** The same client, acting as the same user, whose shareable reads go through this cache. */
  client(client: KubernetesClient): KubernetesClient {
    if (this.ttlMs === 0) return client;
    const shared: KubernetesClient = Object.create(client);
    shared.request = <T>(request: KubernetesRequest) =>
      this.read<T>(client.cluster.name, request, () =>
        client.request<T>(request),
      );
    shared.withIdentity = identity =>
      this.client(client.withIdentity(identity));
    return shared;
  }

  /**
   * The same registry (clusters, connections, fan-out and breakers) whose clients' shareable reads go
   * through this cache: for the services of the entity views only.
   */
  registry(clusters: ClusterRegistry): ClusterRegistry {
    if (this.ttlMs === 0) return clusters;
    const shared: ClusterRegistry = Object.create(clusters);
    shared.client = async (name, identity) =>
      this.client(await clusters.client(name, identity));
    return shared;
  }
}

/** A list answer whose items' `metadata.managedFields` are removed (in place: the answer is the cache's own). */
function withoutManagedFields<T>(answer: T): T {
  const items = (answer as { items?: unknown } | undefined)?.items;
  if (Array.isArray(items)) {
    for (const item of items) {
      delete (item as { metadata?: { managedFields?: unknown } })?.metadata
        ?.managedFields;
    }
  }
  return answer;
}
