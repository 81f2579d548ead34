import { Config } from '@backstage/config';
import { CostPrices, readCostPrices } from './prices';

/**
 * Where the cost views' prices come from: a price table per cluster name. By default config
 * (`paved.cost.prices`); an admin may take them from a cloud price list or a FinOps tool instead.
 *
 * @public
 */
export interface PavedPriceSource {
  /** Every cluster's price table, keyed by cluster name; read once when the backend starts. */
  getPrices(): Promise<Map<string, CostPrices>>;
}

/**
 * The default price source: `paved.cost.prices`, read and checked at once so that a bad table stops the
 * backend at startup.
 *
 * @public
 */
export function configPriceSource(config: Config): PavedPriceSource {
  const prices = readCostPrices(config);
  return { getPrices: async () => new Map(prices) };
}
