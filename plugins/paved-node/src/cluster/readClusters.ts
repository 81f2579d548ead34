import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PavedCluster } from './types';

/**
 * Reads the clusters Paved works on: every cluster of `kubernetes.clusterLocatorMethods` entries of type
 * `config`, refined by `paved.clusters` entries of the same name (a separate token or auth strategy,
 * impersonation, Prometheus). This is the one place that reads those two keys. Other locator types are
 * returned in `skipped` so the caller can say which clusters it cannot use.
 *
 * Paved acts as the signed-in user (`impersonate`, default true), so the cluster's RBAC judges every request
 * too. A cluster with `impersonate: false` is refused unless the same entry also sets
 * `dangerouslyAllowWithoutImpersonation: true`; it is then returned with a line in `warnings`.
 *
 * The auth strategy is `paved.clusters[].authProvider`; without it, `serviceAccount` when the Paved entry
 * gives a token, else the Kubernetes entry's `authProvider` (`serviceAccount` when absent). Whether a
 * strategy of that name exists is checked by the cluster registry.
 *
 * @public
 */
export function readPavedClusters(config: Config): {
  clusters: PavedCluster[];
  skipped: string[];
  warnings: string[];
} {
  const overrides = new Map<string, Config>();
  for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
    overrides.set(entry.getString('name'), entry);
  }
  const clusters: PavedCluster[] = [];
  const skipped: string[] = [];
  const warnings: string[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, index) => {
    const type = method.getString('type');
    if (type !== 'config') {
      skipped.push(`kubernetes.clusterLocatorMethods[${index}] (type ${type})`);
      return;
    }
    for (const entry of method.getOptionalConfigArray('clusters') ?? []) {
      const name = entry.getString('name');
      if (clusters.some(c => c.name === name)) {
        throw new InputError(
          `kubernetes cluster "${name}" is configured twice; cluster names must be unique`,
        );
      }
      const override = overrides.get(name);
      const impersonate = readImpersonate(name, override, warnings);
      clusters.push({
        name,
        url: entry.getString('url'),
        caData: entry.getOptionalString('caData'),
        caFile: entry.getOptionalString('caFile'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
        // Paved's own token, or token file, wins over the Kubernetes plugin's token
        token: override?.has('serviceAccountTokenFile')
          ? override.getOptionalString('serviceAccountToken')
          : override?.getOptionalString('serviceAccountToken') ??
            entry.getOptionalString('serviceAccountToken'),
        authProvider: readAuthProvider(entry, override),
        authMetadata: { ...stringSettings(entry), ...stringSettings(override) },
        impersonate,
        prometheusUrl: override?.getOptionalString('prometheusUrl'),
        prometheusScrapeIntervalSeconds: readScrapeInterval(name, override),
        jaegerUrl: override?.getOptionalString('jaegerUrl'),
      });
    }
  });
  for (const name of overrides.keys()) {
    if (!clusters.some(c => c.name === name)) {
      throw new InputError(
        `paved.clusters names "${name}", which is not a cluster under kubernetes.clusterLocatorMethods (type config); ` +
          `use one of: ${
            clusters.map(c => c.name).join(', ') || '(none configured)'
          }`,
      );
    }
  }
  return { clusters, skipped, warnings };
}

/** Settings that are not auth settings, or are secrets kept in `token`. */
const NOT_AUTH_METADATA = new Set([
  'name',
  'url',
  'caData',
  'caFile',
  'serviceAccountToken',
  'prometheusUrl',
  'jaegerUrl',
]);

function stringSettings(entry: Config | undefined): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of entry?.keys() ?? []) {
    const value = entry!.getOptional(key);
    if (typeof value === 'string' && !NOT_AUTH_METADATA.has(key)) {
      settings[key] = value;
    }
  }
  return settings;
}

function readAuthProvider(entry: Config, override?: Config): string {
  const own = override?.getOptionalString('authProvider');
  if (own) return own;
  if (
    override?.has('serviceAccountToken') ||
    override?.has('serviceAccountTokenFile')
  ) {
    return 'serviceAccount';
  }
  return entry.getOptionalString('authProvider') ?? 'serviceAccount';
}

function readImpersonate(
  name: string,
  override: Config | undefined,
  warnings: string[],
): boolean {
  const impersonate = override?.getOptionalBoolean('impersonate') ?? true;
  if (impersonate) return true;
  if (!override?.getOptionalBoolean('dangerouslyAllowWithoutImpersonation')) {
    throw new InputError(
      `paved.clusters (name: ${name}) sets impersonate: false, so every user's request would reach the cluster ` +
        `with Paved's own rights and the cluster's RBAC could not refuse any of them. Remove the setting ` +
        `(impersonation is the default), or set dangerouslyAllowWithoutImpersonation: true beside it to accept that.`,
    );
  }
  warnings.push(
    `Paved acts on cluster "${name}" with its own identity, not as the signed-in user (impersonate: false): ` +
      `only Paved's permission checks stand between users and that cluster.`,
  );
  return false;
}

function readScrapeInterval(
  name: string,
  override?: Config,
): number | undefined {
  const interval = override?.getOptionalNumber(
    'prometheusScrapeIntervalSeconds',
  );
  // running time is counted per hour, so the resolution must divide it
  if (
    interval !== undefined &&
    !(Number.isInteger(interval) && interval > 0 && 3600 % interval === 0)
  ) {
    throw new InputError(
      `paved.clusters[${name}].prometheusScrapeIntervalSeconds: ${interval} must be a whole number of seconds that divides an hour, e.g. 15, 30 or 60`,
    );
  }
  return interval;
}
