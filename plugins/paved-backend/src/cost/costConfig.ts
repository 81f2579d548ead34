import { RootConfigService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  BudgetConfig,
  CostPrices,
  PrometheusClient,
  readBudgetConfig,
  readCostPrices,
  readPavedLimits,
} from '@paved/plugin-paved-node';

/** What the cost views charge with: each cluster's prices and Prometheus, and the teams' budgets. */
export interface CostConfig {
  /** Price table per cluster (`paved.cost.prices.<cluster>`). */
  prices: Map<string, CostPrices>;
  /** Budgets per team and the warning threshold (`paved.cost.budgets`, `paved.cost.budgetWarningThreshold`). */
  budgets: BudgetConfig;
  /** Prometheus per cluster (`paved.clusters[].prometheusUrl`). */
  prometheus: Map<string, PrometheusClient>;
  /**
   * Per cluster, how often its Prometheus scrapes pod phases, seconds: the resolution at which pods'
   * running time is counted (a minute when absent).
   */
  scrapeIntervals?: Map<string, number>;
}

/**
 * Reads `paved.cost` (prices per cluster, budgets, warning threshold) and each cluster's
 * `paved.clusters[].prometheusUrl` and `prometheusScrapeIntervalSeconds`.
 *
 * @throws InputError when a price table, budget or scrape interval is invalid.
 */
export function readCostConfig(config: RootConfigService): CostConfig {
  const prometheus = new Map<string, PrometheusClient>();
  const scrapeIntervals = new Map<string, number>();
  const timeoutMs = readPavedLimits(config).timeouts.prometheusMs;
  for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
    const name = entry.getString('name');
    const url = entry.getOptionalString('prometheusUrl');
    if (url) prometheus.set(name, new PrometheusClient(url, { timeoutMs }));
    const interval = entry.getOptionalNumber('prometheusScrapeIntervalSeconds');
    if (interval !== undefined) {
      // running time is counted per hour, so the resolution must divide it
      if (
        !(Number.isInteger(interval) && interval > 0 && 3600 % interval === 0)
      ) {
        throw new InputError(
          `paved.clusters[${name}].prometheusScrapeIntervalSeconds: ${interval} must be a whole number of seconds that divides an hour, e.g. 15, 30 or 60`,
        );
      }
      scrapeIntervals.set(name, interval);
    }
  }
  return {
    prometheus,
    scrapeIntervals,
    prices: readCostPrices(config),
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
