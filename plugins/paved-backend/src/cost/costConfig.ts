import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  BudgetConfig,
  CostPrices,
  PavedCluster,
  PrometheusClient,
  clusterPrometheusClients,
  readBudgetConfig,
} from '@paved/plugin-paved-node';

/** What the cost views charge with: each cluster's prices and Prometheus, and the teams' budgets. */
export interface CostConfig {
  /** Price table per cluster (from the price source, by default `paved.cost.prices.<cluster>`). */
  prices: Map<string, CostPrices>;
  /** Budgets per team and the warning threshold (`paved.cost.budgets`, `paved.cost.budgetWarningThreshold`). */
  budgets: BudgetConfig;
  /** Prometheus per cluster (the registry cluster's `prometheusUrl`). */
  prometheus: Map<string, PrometheusClient>;
  /**
   * Per cluster, how often its Prometheus scrapes pod phases, seconds: the resolution at which pods'
   * running time is counted (a minute when absent).
   */
  scrapeIntervals?: Map<string, number>;
}

/**
 * The cost configuration: the given prices, budgets and warning threshold from `paved.cost`, and each
 * registry cluster's Prometheus and scrape interval.
 *
 * @throws InputError when a budget is invalid.
 */
export function readCostConfig(
  config: RootConfigService,
  options: {
    clusters: PavedCluster[];
    prices: Map<string, CostPrices>;
    prometheusTimeoutMs: number;
  },
): CostConfig {
  const scrapeIntervals = new Map<string, number>();
  for (const cluster of options.clusters) {
    if (cluster.prometheusScrapeIntervalSeconds !== undefined) {
      scrapeIntervals.set(
        cluster.name,
        cluster.prometheusScrapeIntervalSeconds,
      );
    }
  }
  return {
    prometheus: clusterPrometheusClients(options.clusters, {
      timeoutMs: options.prometheusTimeoutMs,
    }),
    scrapeIntervals,
    prices: options.prices,
    budgets: readBudgetConfig(config),
  };
}

/** Whether a cluster has prices and a Prometheus, so that its costs can be charged; says why not in `notes`. */
export function isCostedCluster(
  config: CostConfig,
  cluster: string,
  notes: string[],
): boolean {
  if (!config.prices.has(cluster)) {
    notes.push(
      `Cluster ${cluster} has no price table (paved.cost.prices.${cluster}), so its costs are left out.`,
    );
    return false;
  }
  if (!config.prometheus.has(cluster)) {
    notes.push(
      `Cluster ${cluster} has no Prometheus (paved.clusters[].prometheusUrl), so its costs are left out.`,
    );
    return false;
  }
  return true;
}
