import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  listEnvironments,
} from '@paved/plugin-paved-node';
import { EnvironmentSummary } from '@paved/plugin-paved-common';

/** One environment of an entity's teams, with a client acting as the signed-in user there. */
export interface EntityEnvironment {
  cluster: string;
  env: EnvironmentSummary;
  asUser: KubernetesClient;
}

/**
 * The environments of `teams` on every cluster (found with the backend's identity), optionally only the
 * one named by `environment` (its name or namespace), each with a client acting as the user.
 */
export async function entityEnvironments(
  clusters: ClusterRegistry,
  options: { teams: string[]; identity: ClusterIdentity; environment?: string },
): Promise<EntityEnvironment[]> {
  const result: EntityEnvironment[] = [];
  for (const cluster of clusters.list()) {
    const service = await clusters.client(cluster.name);
    const asUser = service.withIdentity(options.identity);
    for (const env of await listEnvironments(service, {
      teams: options.teams,
    })) {
      if (
        !options.environment ||
        env.environment === options.environment ||
        env.namespace === options.environment
      ) {
        result.push({ cluster: cluster.name, env, asUser });
      }
    }
  }
  return result;
}
