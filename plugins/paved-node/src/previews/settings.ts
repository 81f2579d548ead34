import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseQuantity } from '@paved/plugin-paved-common';
import { CostPrices, HOURS_PER_MONTH } from '../cost/prices';
import { EnvironmentSize } from '../environments/settings';

/**
 * The config key of the pull request previews.
 *
 * @public
 */
export const PREVIEWS_KEY = 'paved.git.previews';

/**
 * How Paved makes a preview environment per pull request, from `paved.git.previews`.
 *
 * @public
 */
export interface PreviewSettings {
  /**
   * The secret the git host signs its deliveries with. Without one, previews are off and deliveries are
   * refused.
   */
  webhookSecret?: string;
  /** Where the git host delivers to; default the Paved backend's own `/git/webhook` address. */
  webhookUrl?: string;
  /** The environment a preview is cloned from, per team (default `dev`: `checkout-dev` for team Checkout). */
  sourceEnvironment: string;
  /** The cluster of the previews and their source; default the first configured cluster. */
  cluster?: string;
  /** Hours until a preview expires if no close delivery ever arrives (the cleanup removes it then). */
  ttlHours: number;
  /** How many previews a team may have at once. */
  maxPerTeam: number;
  /** The most a preview may cost per month at full quota, in the cluster's price currency; none by default. */
  monthlyCostCap?: number;
  /** How long a preview's rollout is waited for before its pull request is told it is not ready. */
  rolloutTimeoutMs: number;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InputError(
      `${PREVIEWS_KEY}.${key} must be a number above 0, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `paved.git.previews`, with defaults for everything but the secret.
 *
 * @throws InputError naming the key and the fix for a value out of range.
 * @public
 */
export function readPreviewSettings(config: Config): PreviewSettings {
  const c = config.getOptionalConfig(PREVIEWS_KEY);
  const empty = { getOptionalNumber: () => undefined } as unknown as Config;
  const section = c ?? empty;
  const secret = c?.getOptionalString('webhookSecret')?.trim();
  if (secret !== undefined && secret !== '' && secret.length < 16) {
    throw new InputError(
      `${PREVIEWS_KEY}.webhookSecret must be at least 16 characters; generate one, e.g. openssl rand -hex 32`,
    );
  }
  const maxPerTeam = positive(section, 'maxPerTeam', 3);
  if (!Number.isInteger(maxPerTeam)) {
    throw new InputError(
      `${PREVIEWS_KEY}.maxPerTeam must be a whole number, got ${maxPerTeam}`,
    );
  }
  const sourceEnvironment = c?.getOptionalString('sourceEnvironment') ?? 'dev';
  return {
    webhookSecret: secret || undefined,
    webhookUrl: c?.getOptionalString('webhookUrl'),
    sourceEnvironment,
    cluster: c?.getOptionalString('cluster'),
    ttlHours: positive(section, 'ttlHours', 72),
    maxPerTeam,
    monthlyCostCap: c?.has('monthlyCostCap')
      ? positive(section, 'monthlyCostCap', 1)
      : undefined,
    rolloutTimeoutMs: positive(section, 'rolloutTimeoutSeconds', 120) * 1000,
  };
}

/**
 * What an environment size costs per month when its quota is used in full (CPU and memory requests at the
 * cluster's prices).
 *
 * @public
 */
export function monthlyCostOfSize(
  size: EnvironmentSize,
  prices: CostPrices,
): number {
  const cpu = parseQuantity(size.cpu) ?? 0;
  const memoryGiB = (parseQuantity(size.memory) ?? 0) / 1024 ** 3;
  return (
    (cpu * prices.cpuCoreHour + memoryGiB * prices.memoryGiBHour) *
    HOURS_PER_MONTH
  );
}

/**
 * The size a preview gets: without a cost cap `small` (or the smallest preset); with one, the largest preset
 * whose full quota costs no more than the cap per month. When none fits, or the cluster has no prices to check
 * the cap against, the answer is the reason.
 *
 * @public
 */
export function previewSize(
  sizes: Record<string, EnvironmentSize>,
  options: { monthlyCostCap?: number; prices?: CostPrices; cluster: string },
): { size: string; monthlyCost?: number } | { refused: string } {
  const byCpu = Object.entries(sizes).sort(
    ([, a], [, b]) => (parseQuantity(a.cpu) ?? 0) - (parseQuantity(b.cpu) ?? 0),
  );
  if (byCpu.length === 0) {
    return { refused: 'no environment size presets are configured' };
  }
  const cap = options.monthlyCostCap;
  if (cap === undefined) {
    return { size: sizes.small ? 'small' : byCpu[0][0] };
  }
  const prices = options.prices;
  if (!prices) {
    return {
      refused: `${PREVIEWS_KEY}.monthlyCostCap is set but cluster ${options.cluster} has no prices (paved.cost.prices.${options.cluster})`,
    };
  }
  const priced = byCpu.map(([name, size]) => ({
    name,
    cost: monthlyCostOfSize(size, prices),
  }));
  const fitting = priced.filter(p => p.cost <= cap);
  const best = fitting[fitting.length - 1];
  if (!best) {
    return {
      refused: `the smallest size (${
        priced[0].name
      }) costs ${priced[0].cost.toFixed(2)} ${
        prices.currency
      } a month at full quota, above the preview cap of ${cap} ${
        prices.currency
      } (${PREVIEWS_KEY}.monthlyCostCap)`,
    };
  }
  return { size: best.name, monthlyCost: best.cost };
}
