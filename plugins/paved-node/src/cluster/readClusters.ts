import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { PavedCluster } from './types';

/**
 * Reads the clusters Paved works on: every cluster of `kubernetes.clusterLocatorMethods` entries of type
 * `config`, refined by `paved.clusters` entries of the same name (a separate token, impersonation).
 * Other locator types are returned in `skipped` so the caller can say which clusters it cannot use.
 *
 * Paved acts as the signed-in user (`impersonate`, default true), so the cluster's RBAC judges every request
 * too. A cluster with `impersonate: false` is refused unless the same entry also sets
 * `dangerouslyAllowWithoutImpersonation: true`; it is then returned with a line in `warnings`.
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
      const impersonate = override?.getOptionalBoolean('impersonate') ?? true;
      if (!impersonate) {
        if (
          !override?.getOptionalBoolean('dangerouslyAllowWithoutImpersonation')
        ) {
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
      }
      clusters.push({
        name,
        url: entry.getString('url'),
        caData: entry.getOptionalString('caData'),
        caFile: entry.getOptionalString('caFile'),
        skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify') ?? false,
        token,
        impersonate,
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
