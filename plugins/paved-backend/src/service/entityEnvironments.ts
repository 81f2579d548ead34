import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  listEnvironments,
} from '@paved/plugin-paved-node';
import { EnvironmentSummary } from '@paved/plugin-paved-common';
import { ENVIRONMENT_CONCURRENCY, mapWithConcurrency } from './concurrency';

/** One environment of an entity's teams, with a client acting as the signed-in user there. */
export interface EntityEnvironment {
  cluster: string;
  env: EnvironmentSummary;
  asUser: KubernetesClient;
}

/**
 * The environments of `teams` on every cluster (found with the backend's identity, clusters in parallel),
 * optionally only the one named by `environment` (its name or namespace), each with a client acting as the
 * user.
 */
export async function entityEnvironments(
  clusters: ClusterRegistry,
  options: { teams: string[]; identity: ClusterIdentity; environment?: string },
): Promise<EntityEnvironment[]> {
  const perCluster = await mapWithConcurrency(
    clusters.list(),
    ENVIRONMENT_CONCURRENCY,
    async cluster => {
      const service = await clusters.client(cluster.name);
      const asUser = service.withIdentity(options.identity);
      return (await listEnvironments(service, { teams: options.teams }))
        .filter(
          env =>
            !options.environment ||
            env.environment === options.environment ||
            env.namespace === options.environment,
        )
        .map(env => ({ cluster: cluster.name, env, asUser }));
    },
  );
  return perCluster.flat();
}

/**
 * Runs `fn` for every environment, at most {@link ENVIRONMENT_CONCURRENCY} at once, and concatenates the
 * results in the order of the environments. An environment the user may not read (RBAC not granted there,
 * or the namespace being deleted) contributes nothing rather than hiding the others.
 */
export async function forEachEnvironment<R>(
  environments: EntityEnvironment[],
  fn: (environment: EntityEnvironment) => Promise<R[]>,
  options: { skip: (error: unknown) => boolean },
): Promise<R[]> {
  const results = await mapWithConcurrency(
    environments,
    ENVIRONMENT_CONCURRENCY,
    async environment => {
      try {
        return await fn(environment);
      } catch (error) {
        if (options.skip(error)) return [];
        throw error;
      }
    },
  );
  return results.flat();
}
