import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PavedCluster } from './types';

/**
 * Reads the clusters Paved works on: every cluster of `kubernetes.clusterLocatorMethods` entries of type
 * `config`, refined by `paved.clusters` entries of the same name (a separate token, impersonation).
 * Other locator types are returned in `skipped` so the caller can say which clusters it cannot use.
 *
 * @public
 */
export function readPavedClusters(config: Config): {
  clusters: PavedCluster[];
  skipped: string[];
} {
  const overrides = new Map<string, Config>();
  for (const entry of config.getOptionalConfigArray('paved.clusters') ?? []) {
    overrides.set(entry.getString('name'), entry);
  }
  const clusters: PavedCluster[] = [];
  const skipped: string[] = [];
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
      const authProvider =
        entry.getOptionalString('authProvider') ?? 'serviceAccount';
      const override = overrides.get(name);
      const token =
        override?.getOptionalString('serviceAccountToken') ??
        entry.getOptionalString('serviceAccountToken');
      if (
        authProvider !== 'serviceAccount' &&
        !override?.has('serviceAccountToken')
      ) {
        throw new InputError(
          `kubernetes cluster "${name}" uses authProvider "${authProvider}", which Paved cannot use on its own; ` +
            `give Paved a token under paved.clusters (name: ${name}, serviceAccountToken: ...)`,
        );
      }
      if (clusters.some(c => c.name === name)) {
        throw new InputError(
          `kubernetes cluster "${name}" is configured twice; cluster names must be unique`,
        );
      }
      clusters.push({
        name,
        url: entry.getString('url'),
        caData: entry.getOptionalString('caData'),
        caFile: entry.getOptionalString('caFile'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
        token,
        impersonate: override?.getOptionalBoolean('impersonate') ?? false,
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
  return { clusters, skipped };
}
