import {
  EntityTrace,
  EntityTraces,
  EnvironmentPlace,
  RouteQuery,
  TraceSummary,
  entityRoutes,
  isErrorNamed,
  pavedEntityTracesReadPermission,
} from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  JaegerClient,
  PavedLimits,
  StoredTrace,
  clusterTraceStores,
  hasMatchingPod,
  traceStoreUnavailable,
} from '@paved/plugin-paved-node';
import { entityScope } from '../entity/entityScope';
import {
  entityEnvironments,
  forEachEnvironment,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';
import { UnavailableClusters } from '../entity/UnavailableClusters';
import { signalWindow } from '../metrics/goldenSignalQueries';
import {
  NAMESPACE_ATTRIBUTE,
  SpanReaders,
  summarizeTrace,
  viewTrace,
} from './traceView';

/** A search for failed traces reads this many times the traces asked for, and picks the failed ones. */
export const ERROR_SEARCH_FACTOR = 10;
/** …but at most this many per environment. */
export const MAX_ERROR_SEARCH = 500;

/** Which of the services a trace names the caller holds a permission on (the routes' `servicesAllowed`). */
export type ServicesAllowed = (
  services: string[],
  permission: ResourcePermission<'catalog-entity'>,
) => Promise<Set<string>>;

/** What a traces read is about: the entity, the caller and who decides which services they may read. */
export interface TracesCaller {
  entity: Entity;
  identity: ClusterIdentity;
  servicesAllowed: ServicesAllowed;
}

/** An environment of the entity whose cluster has a trace store. */
interface TracedPlace extends EnvironmentPlace {
  store: JaegerClient;
}

/**
 * Traces through an entity's service, from the trace store of each cluster of its teams' environments
 * (`paved.clusters[].jaegerUrl`), searched by the service's name (its `backstage.io/kubernetes-id`) and each
 * environment's namespace (the spans' `k8s.namespace.name`). Spans of services the caller may not read the
 * traces of are answered as opaque hops (service and timing only).
 */
export class TracesService {
  private constructor(
    private readonly clusters: ClusterRegistry,
    private readonly stores: Map<string, JaegerClient>,
  ) {}

  /** A trace store client for each registry cluster that has a `jaegerUrl`. */
  static fromConfig(deps: {
    clusters: ClusterRegistry;
    limits: PavedLimits;
  }): TracesService {
    return new TracesService(
      deps.clusters,
      clusterTraceStores(deps.clusters.list(), deps.limits),
    );
  }

  /**
   * The newest traces through the entity's service in its environments (or the one named), over the preset
   * `range` ending now or `start`..`end`, newest first. Environments the user may not read are left out; a
   * cluster whose trace store does not answer is named in `unavailableClusters`, one without a store in the
   * notice.
   */
  async list(
    caller: TracesCaller,
    query: RouteQuery<typeof entityRoutes.traces>,
    now = Date.now(),
  ): Promise<EntityTraces> {
    const service = this.serviceOf(caller.entity);
    const window = signalWindow(query, Math.floor(now / 1000));
    const unavailable = new UnavailableClusters();
    const { places, withoutStore } = await this.places(
      caller,
      query.environment,
      unavailable,
    );
    const found = await Promise.all(
      places.map(async place => {
        try {
          const traces = await place.store.findTraces({
            service,
            startMicros: window.start * 1e6,
            endMicros: window.end * 1e6,
            // failures are picked here, from the newest traces (see TraceSearch)
            limit:
              query.status === 'error'
                ? Math.min(query.limit * ERROR_SEARCH_FACTOR, MAX_ERROR_SEARCH)
                : query.limit,
            minDurationMs: query.minDurationMs,
            operation: query.operation,
            attributes: { [NAMESPACE_ATTRIBUTE]: place.namespace },
          });
          return traces.map(trace => ({ trace, place }));
        } catch (error) {
          if (!isErrorNamed(error, 'ServiceUnavailableError')) throw error;
          unavailable.add(traceStoreUnavailable(place.cluster, error));
          return [];
        }
      }),
    );
    const traces = found.flat();
    const readers = await this.readers(
      caller,
      service,
      places,
      traces.map(t => t.trace),
    );
    const summaries: TraceSummary[] = [];
    const seen = new Set<string>();
    for (const { trace, place } of traces) {
      const key = `${place.cluster}/${place.namespace}/${trace.traceId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const summary = summarizeTrace(trace, readers, {
        cluster: place.cluster,
        namespace: place.namespace,
        environment: place.environment,
      });
      if (summary && (query.status !== 'error' || summary.error)) {
        summaries.push(summary);
      }
    }
    summaries.sort((a, b) => b.start - a.start);
    return {
      traces: summaries.slice(0, query.limit),
      ...(withoutStore.length > 0
        ? { notice: noStoreNotice(withoutStore) }
        : {}),
      ...unavailable.answer(),
    };
  }

  /**
   * One trace through the entity's service in one of its environments (or the one named): its spans by start,
   * each in full or as an opaque hop. 404 when none of the environments' trace stores has it with a span of the
   * service there.
   */
  async get(
    caller: TracesCaller,
    traceId: string,
    environment?: string,
  ): Promise<EntityTrace> {
    const service = this.serviceOf(caller.entity);
    const unavailable = new UnavailableClusters();
    const { places } = await this.places(caller, environment, unavailable);
    const byCluster = new Map<string, TracedPlace[]>();
    for (const place of places) {
      byCluster.set(place.cluster, [
        ...(byCluster.get(place.cluster) ?? []),
        place,
      ]);
    }
    const found = await Promise.all(
      [...byCluster].map(async ([cluster, clusterPlaces]) => {
        try {
          const trace = await clusterPlaces[0].store.getTrace(traceId);
          return { trace, clusterPlaces };
        } catch (error) {
          if (isErrorNamed(error, 'NotFoundError')) return undefined;
          if (!isErrorNamed(error, 'ServiceUnavailableError')) throw error;
          unavailable.add(traceStoreUnavailable(cluster, error));
          return undefined;
        }
      }),
    );
    for (const hit of found) {
      if (!hit) continue;
      const own = hit.trace.spans.find(
        s =>
          s.service === service &&
          hit.clusterPlaces.some(
            p => p.namespace === s.resource[NAMESPACE_ATTRIBUTE],
          ),
      );
      if (!own) continue;
      const place = hit.clusterPlaces.find(
        p => p.namespace === own.resource[NAMESPACE_ATTRIBUTE],
      )!;
      const readers = await this.readers(caller, service, places, [hit.trace]);
      return {
        cluster: place.cluster,
        namespace: place.namespace,
        environment: place.environment,
        traceId: hit.trace.traceId,
        spans: viewTrace(hit.trace, readers),
      };
    }
    const missing = unavailable.list();
    if (missing.length > 0) {
      throw new ServiceUnavailableError(
        `Trace ${traceId} was not found, and ${missing
          .map(m => m.reason)
          .join('; ')}`,
      );
    }
    throw new NotFoundError(
      `Trace ${traceId} does not go through ${caller.entity.metadata.name} in ${
        environment ? `environment ${environment}` : 'its environments'
      } (or is no longer kept by the trace store)`,
    );
  }

  private serviceOf(entity: Entity): string {
    const scope = entityScope(entity);
    if (!scope.kubernetesId) {
      throw new InputError(
        `${scope.entityRef} has no backstage.io/kubernetes-id annotation, so its traces cannot be found (the annotation names the service in its spans)`,
      );
    }
    return scope.kubernetesId;
  }

  /**
   * The entity's teams' environments (or the one named) that the user may read (a `limit=1` pod list as the
   * user there) and whose cluster has a trace store; the clusters without one are named.
   */
  private async places(
    caller: TracesCaller,
    environment: string | undefined,
    unavailable: UnavailableClusters,
  ): Promise<{ places: TracedPlace[]; withoutStore: string[] }> {
    const scope = entityScope(caller.entity);
    const environments = await entityEnvironments(this.clusters, {
      teams: scope.teams,
      identity: caller.identity,
      environment,
      unavailable,
    });
    const withoutStore = [
      ...new Set(
        environments
          .filter(e => !this.stores.has(e.cluster))
          .map(e => e.cluster),
      ),
    ].sort();
    const places = await forEachEnvironment(
      this.clusters,
      environments.filter(e => this.stores.has(e.cluster)),
      async e => {
        // the user's own right to read the namespace, as the cluster's RBAC judges it
        await hasMatchingPod(e.asUser, {
          namespace: e.env.namespace,
          labelSelector: scope.selector!,
          what: scope.entityRef,
        });
        return [
          {
            cluster: e.cluster,
            namespace: e.env.namespace,
            environment: e.env.environment,
            store: this.stores.get(e.cluster)!,
          },
        ];
      },
      { skip: skipDeniedOrGone, unavailable },
    );
    return { places, withoutStore };
  }

  /** Who may read which spans of `traces`: one catalog and policy question for all their other services. */
  private async readers(
    caller: TracesCaller,
    service: string,
    places: TracedPlace[],
    traces: StoredTrace[],
  ): Promise<SpanReaders> {
    const others = new Set<string>();
    for (const trace of traces) {
      for (const span of trace.spans) {
        if (span.service !== service) others.add(span.service);
      }
    }
    const readable = await caller.servicesAllowed(
      [...others],
      pavedEntityTracesReadPermission,
    );
    // a span of the service itself outside its environments is another team's workload of the same name
    return {
      service,
      ownNamespaces: new Set(places.map(p => p.namespace)),
      readable,
    };
  }
}

function noStoreNotice(clusters: string[]): string {
  return `${
    clusters.length === 1
      ? `Cluster ${clusters[0]} has`
      : `Clusters ${clusters.join(', ')} have`
  } no trace store (paved.clusters[].jaegerUrl), so traces of the environments there are not shown.`;
}
