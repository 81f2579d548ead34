import { PavedCluster } from '../types';
import { FileTokenReader } from './fileToken';
import { PavedAuthStrategy } from './types';

function oidcSources(cluster: PavedCluster) {
  const { oidcTokenFile, oidcTokenEnvVar } = cluster.authMetadata ?? {};
  return { file: oidcTokenFile, envVar: oidcTokenEnvVar };
}

/**
 * The auth strategies every cluster registry knows, sharing one token file reader:
 *
 * - `serviceAccount`: the cluster's `serviceAccountToken`, or the file named by `serviceAccountTokenFile`
 *   (e.g. `/var/run/secrets/kubernetes.io/serviceaccount/token` in a pod), read again whenever the kubelet
 *   rotates it;
 * - `oidc`: an OIDC ID token the platform issues to the backend's workload (a workload-identity or IRSA
 *   token), from the file named by `oidcTokenFile` (read again whenever it changes) or the environment
 *   variable named by `oidcTokenEnvVar`, both under `paved.clusters`. The API server must trust the issuer.
 */
export function builtInAuthStrategies(
  files: FileTokenReader = new FileTokenReader(),
): PavedAuthStrategy[] {
  return [
    {
      name: 'serviceAccount',
      async getCredential(cluster) {
        const file = cluster.authMetadata?.serviceAccountTokenFile;
        if (file && !cluster.token) return files.read(file);
        return cluster.token;
      },
    },
    {
      name: 'oidc',
      async getCredential(cluster) {
        const { file, envVar } = oidcSources(cluster);
        if (file) return files.read(file);
        const token = envVar ? process.env[envVar] : undefined;
        if (!token) {
          throw new Error(
            `Cluster "${cluster.name}": the environment variable ${envVar} holds no OIDC token`,
          );
        }
        return token;
      },
      validateCluster(cluster) {
        const { file, envVar } = oidcSources(cluster);
        if (file || envVar) return [];
        return [
          `cluster "${cluster.name}" uses authProvider "oidc", which needs the token's source: set oidcTokenFile ` +
            `(a file the platform keeps the token in) or oidcTokenEnvVar (an environment variable holding it) ` +
            `under paved.clusters (name: ${cluster.name})`,
        ];
      },
    },
  ];
}
