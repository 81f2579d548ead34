import { KubeConfig } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { ClusterRegistry, KubernetesClient } from '@paved/plugin-paved-node';

/**
 * What `tools/cluster/up.sh` writes to `.cluster/env.json` about the running local cluster.
 *
 * @public
 */
export type LocalClusterEnv = Record<string, string> & {
  PAVED_KUBE_API: string;
  PAVED_KUBE_CA: string;
  PAVED_KUBE_ADMIN_KUBECONFIG: string;
  PAVED_BACKSTAGE_TOKEN: string;
  PAVED_PROMETHEUS_URL: string;
};

/** The repository root: the nearest directory above `from` holding `tools/cluster/up.sh`. @public */
export function repoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'tools', 'cluster', 'up.sh'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No Paved repository above ${from} (looked for tools/cluster/up.sh)`,
      );
    }
    dir = parent;
  }
}

/**
 * The directory holding a local cluster's state: the default cluster's, or that of the named cluster
 * `tools/cluster/up.sh --name <name>` started.
 *
 * @public
 */
export function clusterDir(name?: string): string {
  if (name) return path.join(repoRoot(), `.cluster-${name}`);
  return process.env.PAVED_CLUSTER_DIR ?? path.join(repoRoot(), '.cluster');
}

/**
 * Reads a running local cluster's coordinates (the default cluster's, or a named one's); fails with the command to
 * run when it is not up.
 *
 * @public
 */
export function localClusterEnv(name?: string): LocalClusterEnv {
  if (process.env.PAVED_TEST_LAYER === 'unit') {
    throw new Error(
      'This test needs the local cluster, which the unit layer (PAVED_TEST_LAYER=unit) does not start; name its ' +
        'file *.cluster.test.ts so that it runs in the cluster layer',
    );
  }
  const file = path.join(clusterDir(name), 'env.json');
  if (!fs.existsSync(file)) {
    throw new Error(
      `The local cluster${name ? ` ${name}` : ''} is not set up (${file} is missing); run "${
        name ? `bash tools/cluster/up.sh --name ${name}` : 'yarn cluster:up'
      }"`,
    );
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * A client with cluster-admin rights on a local cluster (the default or a named one), for test setup and
 * assertions.
 *
 * @public
 */
export async function localAdminClient(
  name?: string,
): Promise<KubernetesClient> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(localClusterEnv(name).PAVED_KUBE_ADMIN_KUBECONFIG);
  return KubernetesClient.fromKubeConfig(kubeConfig);
}

/**
 * A registry with the local cluster named `local`, reached with the Backstage backend's identity.
 *
 * @public
 */
export function localClusterRegistry(
  options: { impersonate?: boolean } = {},
): ClusterRegistry {
  const env = localClusterEnv();
  return ClusterRegistry.fromClusters([
    {
      name: 'local',
      url: env.PAVED_KUBE_API,
      caFile: env.PAVED_KUBE_CA,
      skipTLSVerify: false,
      token: env.PAVED_BACKSTAGE_TOKEN,
      impersonate: options.impersonate ?? true,
    },
  ]);
}
