import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * Hours in a month for monthly prices and projections, as OpenCost and cloud price lists count them
 * (365 × 24 / 12).
 *
 * @public
 */
export const HOURS_PER_MONTH = 730;

/** Bytes in a GiB; memory prices are per GiB-hour. */
export const BYTES_PER_GIB = 1024 ** 3;

/**
 * The price table of one cluster, from `paved.cost.prices.<cluster>`.
 *
 * @public
 */
export interface CostPrices {
  /** Price of one vCPU (core) for one hour. */
  cpuCoreHour: number;
  /** Price of one GiB of memory for one hour. */
  memoryGiBHour: number;
  /** Price of one GiB of persistent volume storage for one month (`HOURS_PER_MONTH` hours). */
  storageGiBMonth: number;
  /** Price of one LoadBalancer Service for one hour. */
  loadBalancerHour: number;
  /** ISO 4217 code of the prices (and of budgets), `USD` unless configured. */
  currency: string;
  /**
   * Whether the cost of unallocated node capacity (idle) is shared among the workloads in proportion to
   * their CPU and memory cost. When false it is reported on its own as `__idle__`.
   */
  idleSharing: boolean;
}

const PRICE_FIELDS = [
  'cpuCoreHour',
  'memoryGiBHour',
  'storageGiBMonth',
  'loadBalancerHour',
] as const;

const EXAMPLE =
  'e.g. { cpuCoreHour: 0.0316, memoryGiBHour: 0.0042, storageGiBMonth: 0.04, loadBalancerHour: 0.025 }';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPrice(
  table: Record<string, unknown>,
  field: (typeof PRICE_FIELDS)[number],
  key: string,
): number {
  const raw = table[field];
  if (raw === undefined || raw === null || raw === '') {
    throw new InputError(
      `${key}.${field} is missing; set it to the price in the table's currency (0 if the resource is free), ${EXAMPLE}`,
    );
  }
  // numbers may arrive as strings through ${ENV} substitution
  const value = typeof raw === 'string' ? Number(raw.trim()) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InputError(
      `${key}.${field} must be a number of at least 0, got ${JSON.stringify(
        raw,
      )}; write it without a currency sign, e.g. 0.0316`,
    );
  }
  return value;
}

function readTable(raw: unknown, key: string): CostPrices {
  if (!isObject(raw)) {
    throw new InputError(
      `${key} must be an object with the cluster's prices, ${EXAMPLE}`,
    );
  }
  const currency = raw.currency ?? 'USD';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    throw new InputError(
      `${key}.currency must be a three-letter ISO 4217 code such as USD or EUR, got ${JSON.stringify(
        currency,
      )}`,
    );
  }
  const idleSharing = raw.idleSharing ?? false;
  if (typeof idleSharing !== 'boolean') {
    throw new InputError(
      `${key}.idleSharing must be true or false, got ${JSON.stringify(
        idleSharing,
      )}`,
    );
  }
  const known = new Set<string>([...PRICE_FIELDS, 'currency', 'idleSharing']);
  const unknown = Object.keys(raw).filter(k => !known.has(k));
  if (unknown.length > 0) {
    throw new InputError(
      `${key} has unknown field(s) ${unknown.join(', ')}; the fields are ${[
        ...known,
      ].join(', ')}`,
    );
  }
  return {
    cpuCoreHour: readPrice(raw, 'cpuCoreHour', key),
    memoryGiBHour: readPrice(raw, 'memoryGiBHour', key),
    storageGiBMonth: readPrice(raw, 'storageGiBMonth', key),
    loadBalancerHour: readPrice(raw, 'loadBalancerHour', key),
    currency,
    idleSharing,
  };
}

/**
 * Reads every cluster's price table from `paved.cost.prices`, an object keyed by cluster name (the names
 * of `kubernetes.clusterLocatorMethods`). An absent `paved.cost.prices` gives an empty map.
 *
 * @throws InputError naming the config key and the fix when a table is incomplete or invalid.
 * @public
 */
export function readCostPrices(config: Config): Map<string, CostPrices> {
  // read as plain JSON: cluster names need not be valid config key segments
  const raw = config.getOptional('paved.cost.prices');
  const tables = new Map<string, CostPrices>();
  if (raw === undefined) return tables;
  if (!isObject(raw)) {
    throw new InputError(
      `paved.cost.prices must be an object keyed by cluster name, e.g. paved.cost.prices.local: ${EXAMPLE}`,
    );
  }
  for (const [cluster, table] of Object.entries(raw)) {
    tables.set(cluster, readTable(table, `paved.cost.prices.${cluster}`));
  }
  return tables;
}
