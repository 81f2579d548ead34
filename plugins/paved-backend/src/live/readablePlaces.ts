import {
  EnvironmentPlace,
  UnavailableCluster,
} from '@paved/plugin-paved-common';
import {
  ClusterIdentity,
  ClusterRegistry,
  listEnvironments,
  mapWithConcurrency,
} from '@paved/plugin-paved-node';
import {
  ENVIRONMENT_CONCURRENCY,
  skipDeniedOrGone,
} from '../entity/entityEnvironments';

/**
 * The environments of `teams` on every cluster in which `identity` may list the pods `selector` selects
 * (checked with an impersonated list of at most one pod), and the clusters that could not be read now.
 * Live updates of an entity only ever come from these.
 */
export async function readablePlaces(
  clusters: ClusterRegistry,
  scope: { teams: string[]; selector: string; identity: ClusterIdentity },
): Promise<{ places: EnvironmentPlace[]; unavailable: UnavailableCluster[] }> {
  const found = await clusters.fanOut.map(
    clusters.list(),
    cluster => cluster.name,
    async cluster => {
      const service = await clusters.client(cluster.name);
      const asUser = service.withIdentity(scope.identity);
      const environments = await listEnvironments(service, {
        teams: scope.teams,
      });
      const readable = await mapWithConcurrency(
        environments,
        ENVIRONMENT_CONCURRENCY,
        async env => {
          try {
            await asUser.request({
              path: `/api/v1/namespaces/${encodeURIComponent(
                env.namespace,
              )}/pods`,
              query: { labelSelector: scope.selector, limit: 1 },
              context: `checking that ${scope.identity.user} may read the pods of ${env.namespace} on cluster "${cluster.name}"`,
            });
          } catch (error) {
            if (skipDeniedOrGone(error)) return undefined;
            throw error;
          }
          return {
            cluster: cluster.name,
            namespace: env.namespace,
            environment: env.environment,
          };
        },
      );
      return readable.filter((p): p is EnvironmentPlace => p !== undefined);
    },
  );
  return {
    places: found.results.flatMap(r => r.value),
    unavailable: found.unavailable,
  };
}
