import { PavedCluster } from '../types';
import { FileTokenReader } from './fileToken';
import { PavedAuthStrategy } from './types';

/**
 * The `oidc` strategy: an OIDC ID token the platform issues to the backend's workload (e.g. a
 * workload-identity or IRSA token), read from the file named by `oidcTokenFile` (again whenever it changes)
 * or from the environment variable named by `oidcTokenEnvVar`, both set under `paved.clusters`. The cluster's
 * API server must trust the issuer.
 *
 * @public
 */
export function oidcAuthStrategy(
  files: FileTokenReader = new FileTokenReader(),
): PavedAuthStrategy {
  return {
    name: 'oidc',
    async getCredential(cluster: PavedCluster) {
      const { oidcTokenFile, oidcTokenEnvVar } = cluster.authMetadata ?? {};
      if (oidcTokenFile) return files.read(oidcTokenFile);
      const token = oidcTokenEnvVar ? process.env[oidcTokenEnvVar] : undefined;
      if (!token) {
        throw new Error(
          `Cluster "${cluster.name}": the environment variable ${oidcTokenEnvVar} holds no OIDC token`,
        );
      }
      return token;
    },
    validateCluster(cluster: PavedCluster) {
      const { oidcTokenFile, oidcTokenEnvVar } = cluster.authMetadata ?? {};
      if (oidcTokenFile || oidcTokenEnvVar) return [];
      return [
        `cluster "${cluster.name}" uses authProvider "oidc", which needs the token's source: set oidcTokenFile ` +
          `(a file the platform keeps the token in) or oidcTokenEnvVar (an environment variable holding it) ` +
          `under paved.clusters (name: ${cluster.name})`,
      ];
    },
  };
}
