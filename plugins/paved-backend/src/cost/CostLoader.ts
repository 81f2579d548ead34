import { isErrorNamed } from '@paved/plugin-paved-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CostInput,
  CostLoadOptions,
  costWindow,
  KubernetesClient,
  PrometheusClient,
  PrometheusCostSource,
  PromiseCache,
} from '@paved/plugin-paved-node';
import { CostConfig } from './costConfig';

/** How long loaded cost input is reused, per cluster and set of namespaces. */
const DEFAULT_CACHE_TTL_MS = 60_000;

/** Where one cluster's cost input and HTTP request counts come from (its Prometheus, in production). */
export interface CostSource {
  /** The cost model's input over a window. */
  load(options: CostLoadOptions): Promise<CostInput>;
  /** HTTP requests served per namespace in `[start, end]`. */
  httpRequests(options: {
    namespaces?: string[];
    start: number;
    end: number;
  }): Promise<Record<string, number>>;
}

/**
 * Creates the cost source of a cluster; without a Kubernetes client the source lists no volumes or load
 * balancers.
 */
export type CostSourceFactory = (options: {
  cluster: string;
  prometheus: PrometheusClient;
  kubernetes?: KubernetesClient;
}) => CostSource;

/** Cost input of one cluster and set of namespaces, as loaded from its source. */
export interface LoadedCost {
  cluster: string;
  window: { start: number; end: number };
  input: CostInput;
  /** What was left out of the input, and why. */
  notes: string[];
}

/** What to load: some namespaces of a cluster (all of them when absent), listing objects as `asUser`. */
export interface CostLoadTarget {
  cluster: string;
  namespaces?: string[];
  asUser: KubernetesClient;
}

/**
 * Loads the cost input of clusters from their Prometheus, over {@link costWindow} ending a minute ago (so the
 * latest scrapes have settled), and reuses it for a minute per cluster and set of namespaces. The cache is
 * shared by every caller allowed to see a scope, so callers authorize first.
 */
export class CostLoader {
  private readonly cache: PromiseCache<LoadedCost>;
  private readonly source: CostSourceFactory;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      config: CostConfig;
      logger: LoggerService;
      /** The sources of the clusters; their Prometheus cost sources unless given. */
      source?: CostSourceFactory;
      cacheTtlMs?: number;
      /** Milliseconds since the epoch; `Date.now` unless given. */
      now?: () => number;
    },
  ) {
    this.source = options.source ?? (o => PrometheusCostSource.create(o));
    this.now = options.now ?? Date.now;
    this.cache = new PromiseCache(
      options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS,
      this.now,
    );
  }

  /**
   * The cost input of a target, or undefined when its cluster has no Prometheus; what was left out of it is
   * added to `notes`.
   */
  async load(
    target: CostLoadTarget,
    notes: string[],
  ): Promise<LoadedCost | undefined> {
    const prometheus = this.options.config.prometheus.get(target.cluster);
    if (!prometheus) return undefined;
    const namespaces = target.namespaces && [...target.namespaces].sort();
    const key = `${target.cluster}|${namespaces?.join(',') ?? '*'}`;
    const loaded = await this.cache.get(key, () =>
      this.loadFresh(target.cluster, prometheus, target.asUser, namespaces),
    );
    notes.push(...loaded.notes);
    return loaded;
  }

  /** HTTP requests served per namespace of a cluster in `[start, end]` (none without a Prometheus). */
  async httpRequests(
    cluster: string,
    options: { namespaces: string[]; start: number; end: number },
  ): Promise<Record<string, number>> {
    const prometheus = this.options.config.prometheus.get(cluster);
    if (!prometheus) return {};
    return this.source({ cluster, prometheus }).httpRequests(options);
  }

  private async loadFresh(
    cluster: string,
    prometheus: PrometheusClient,
    asUser: KubernetesClient,
    namespaces: string[] | undefined,
  ): Promise<LoadedCost> {
    const end = Math.floor(this.now() / 60_000) * 60 - 60;
    const window = costWindow(end);
    const resolution = this.options.config.scrapeIntervals?.get(cluster);
    const options = {
      ...window,
      ...(namespaces && { namespaces }),
      ...(resolution && { lifetimeResolution: resolution }),
    };
    const notes: string[] = [];
    const started = Date.now();
    let input: CostInput;
    try {
      input = await this.source({
        cluster,
        prometheus,
        kubernetes: asUser,
      }).load(options);
    } catch (error) {
      if (!isErrorNamed(error, 'NotAllowedError')) throw error;
      // volumes and load balancers are listed as the user; without that right, charge the pods alone
      notes.push(
        `Storage and load balancers on ${cluster} are left out: ${error.message}`,
      );
      input = await this.source({ cluster, prometheus }).load(options);
    }
    this.options.logger.debug(
      `Loaded cost input of ${cluster} (${
        namespaces?.join(', ') ?? 'all namespaces'
      }): ${input.pods.length} container series in ${Date.now() - started} ms`,
    );
    return { cluster, window, input, notes };
  }
}
