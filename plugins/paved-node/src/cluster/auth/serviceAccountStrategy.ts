import { PavedCluster } from '../types';
import { FileTokenReader } from './fileToken';
import { PavedAuthStrategy } from './types';

/**
 * The `serviceAccount` strategy: the cluster's `serviceAccountToken`, or the file named by
 * `serviceAccountTokenFile` (e.g. `/var/run/secrets/kubernetes.io/serviceaccount/token` in a pod), read
 * again whenever the kubelet rotates it.
 *
 * @public
 */
export function serviceAccountAuthStrategy(
  files: FileTokenReader = new FileTokenReader(),
): PavedAuthStrategy {
  return {
    name: 'serviceAccount',
    async getCredential(cluster: PavedCluster) {
      const file = cluster.authMetadata?.serviceAccountTokenFile;
      if (file && !cluster.token) return files.read(file);
      return cluster.token;
    },
  };
}
