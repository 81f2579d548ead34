import { EnvironmentPlace, isErrorNamed } from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  listEnvironments,
  mapWithConcurrency,
} from '@paved/plugin-paved-node';
import { EnvironmentSummary } from '@paved/plugin-paved-common';
import { entityScope } from './entityScope';

/** Environments (or clusters) read at once for one request. */
export const ENVIRONMENT_CONCURRENCY = 6;

/** One environment of an entity's teams, with a client acting as the signed-in user there. */
export interface EntityEnvironment {
  cluster: string;
  env: EnvironmentSummary;
  asUser: KubernetesClient;
}

/** Which errors of one environment make it contribute nothing instead of failing the request. */
export type SkipEnvironment = (error: unknown) => boolean;

/** Skips an environment the user may not read (RBAC not granted there). */
export const skipDenied: SkipEnvironment = error =>
  isErrorNamed(error, 'NotAllowedError');

/** Skips an environment the user may not read, or whose namespace is gone or being deleted. */
export const skipDeniedOrGone: SkipEnvironment = error =>
  isErrorNamed(error, 'NotAllowedError') ||
  isErrorNamed(error, 'NotFoundError');

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
 * results in the order of the environments. An environment whose error `skip` accepts (see
 * {@link skipDenied}) contributes nothing rather than hiding the others.
 */
export async function forEachEnvironment<R>(
  environments: EntityEnvironment[],
  fn: (environment: EntityEnvironment) => Promise<R[]>,
  options: { skip: SkipEnvironment },
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

/** What a read of one environment is given: the user's client there, the place and the entity's selector. */
export interface EnvironmentRead extends EnvironmentPlace {
  asUser: KubernetesClient;
  labelSelector: string;
}

/**
 * Reads the entity's objects in every environment of its teams (or only `environment`) as the user, and
 * answers what `read` found in each, every item with its place: the fan-out each entity view shares.
 * `selector` is the entity's label selector; errors `skip` accepts leave an environment out.
 */
export async function readEntityEnvironments<T extends object>(
  clusters: ClusterRegistry,
  request: {
    teams: string[];
    selector: string;
    identity: ClusterIdentity;
    environment?: string;
    skip: SkipEnvironment;
  },
  read: (where: EnvironmentRead) => Promise<T[]>,
): Promise<Array<T & EnvironmentPlace>> {
  const environments = await entityEnvironments(clusters, request);
  return forEachEnvironment(
    environments,
    async ({ cluster, env, asUser }) => {
      const place = {
        cluster,
        namespace: env.namespace,
        environment: env.environment,
      };
      const found = await read({
        ...place,
        asUser,
        labelSelector: request.selector,
      });
      return found.map(item => ({ ...item, ...place }));
    },
    { skip: request.skip },
  );
}

/** A node-library read of the objects matching a label selector in one namespace, e.g. `podUsage`. */
export type NamespaceRead<T> = (
  client: KubernetesClient,
  options: { namespace: string; labelSelector: string },
) => Promise<T[]>;

/**
 * `read` of the entity's objects in every environment of its teams the user may read, each item with its
 * place; nothing for an entity without a label selector (no kubernetes-id annotation).
 */
export async function readEntityObjects<T extends object>(
  clusters: ClusterRegistry,
  entity: Entity,
  identity: ClusterIdentity,
  read: NamespaceRead<T>,
): Promise<Array<T & EnvironmentPlace>> {
  const { teams, selector } = entityScope(entity);
  if (!selector) return [];
  return readEntityEnvironments(
    clusters,
    { teams, selector, identity, skip: skipDenied },
    ({ asUser, namespace, labelSelector }) =>
      read(asUser, { namespace, labelSelector }),
  );
}
