import {
  ComponentCost,
  EnvironmentCost,
  TeamCost,
  TeamsCost,
} from '@paved/plugin-paved-common';
import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  CostPrices,
  PavedLimits,
} from '@paved/plugin-paved-node';
import { componentCost } from './componentCost';
import { CostConfig, readCostConfig } from './costConfig';
import { CostContext } from './costContext';
import { CostLoader, CostSourceFactory } from './CostLoader';
import { CostScopes, TeamEnvironmentsLister } from './costScopes';
import { environmentCost } from './environmentCost';
import { teamCost } from './teamCost';
import { teamsCost } from './teamsCost';

/**
 * Showback for components, environments and teams: loads the cost model's input from each cluster's
 * Prometheus (for the namespaces of the scope's environments, cached for a minute), allocates it at the
 * cluster's prices, and shapes the month-to-date, projection, daily series, breakdowns, budgets and
 * rightsizing suggestions.
 *
 * Environments are found with the backend's identity; PersistentVolumeClaims and LoadBalancer Services are
 * listed as the signed-in user. Callers authorize the entity first (`paved.entity.cost.read`, or
 * `paved.platform.admin` for every team): the cache is shared by everyone allowed to see a scope.
 */
export class CostService {
  private readonly context: CostContext;

  constructor(
    options: CostConfig & {
      clusters: ClusterRegistry;
      logger: LoggerService;
      cacheTtlMs?: number;
      /** Milliseconds since the epoch; `Date.now` unless given. */
      now?: () => number;
      /** The clusters' cost sources; their Prometheus cost sources unless given. */
      source?: CostSourceFactory;
      /** The teams' environments; read from the clusters' namespaces unless given. */
      environments?: TeamEnvironmentsLister;
    },
  ) {
    const { clusters, logger, cacheTtlMs, source, environments, ...config } =
      options;
    const now = options.now ?? Date.now;
    this.context = {
      config,
      now,
      scopes: new CostScopes({ clusters, config, environments }),
      loader: new CostLoader({ config, logger, source, cacheTtlMs, now }),
    };
  }

  /**
   * Charges at `prices` (from the price source), with budgets from `paved.cost` and each registry cluster's
   * Prometheus.
   *
   * @throws InputError when a budget is invalid.
   */
  static fromConfig(
    config: RootConfigService,
    deps: {
      clusters: ClusterRegistry;
      logger: LoggerService;
      limits: PavedLimits;
      prices: Map<string, CostPrices>;
    },
  ): CostService {
    const { clusters, logger, limits, prices } = deps;
    return new CostService({
      clusters,
      logger,
      ...readCostConfig(config, {
        clusters: clusters.list(),
        prices,
        prometheusTimeoutMs: limits.timeouts.prometheusMs,
      }),
    });
  }

  /** A component's cost: month to date, projection, daily series, breakdowns, drivers and rightsizing. */
  componentCost(
    entity: Entity,
    identity: ClusterIdentity,
  ): Promise<ComponentCost> {
    return componentCost(this.context, entity, identity);
  }

  /** A team's cost across its environments: per environment and component, budget, idle environments. */
  teamCost(group: Entity, identity: ClusterIdentity): Promise<TeamCost> {
    return teamCost(this.context, group, identity);
  }

  /**
   * One environment's cost, per component and workload: a `kubernetes-environment` Resource of the catalog,
   * charged while it is an environment of its owner.
   */
  environmentCost(
    resource: Entity,
    identity: ClusterIdentity,
  ): Promise<EnvironmentCost> {
    return environmentCost(this.context, resource, identity);
  }

  /** Every team's totals and budget status, over the whole of every cluster (for platform admins). */
  teamsCost(
    groups: Entity[],
    /** Who lists volumes and load balancers; Paved itself when absent (scheduled budget checks). */
    identity?: ClusterIdentity,
  ): Promise<TeamsCost> {
    return teamsCost(this.context, groups, identity);
  }
}
