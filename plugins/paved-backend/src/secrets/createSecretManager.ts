import { RootConfigService } from '@backstage/backend-plugin-api';
import {
  ClusterRegistry,
  SecretManager,
  VaultClient,
  VaultSecretManager,
  readVaultConfig,
  readVaultSync,
} from '@paved/plugin-paved-node';

/**
 * The secret manager of `paved.secrets.vault` (synced into namespaces by External Secrets, as
 * `paved.secrets.externalSecrets` says), or none: environments then keep plain Kubernetes Secrets, and an
 * environment labelled `paved.dev/secret-store=vault` is refused with the setting to add.
 */
export function createSecretManager(
  config: RootConfigService,
  deps: { clusters: ClusterRegistry },
): SecretManager | undefined {
  const vault = readVaultConfig(config);
  if (!vault) return undefined;
  return new VaultSecretManager(
    new VaultClient(vault),
    deps.clusters,
    readVaultSync(config, vault),
  );
}
