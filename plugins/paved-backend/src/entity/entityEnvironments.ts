import { EnvironmentPlace, isErrorNamed } from '@paved/plugin-paved-common';
import { Entity } from '@backstage/catalog-model';
import {
  ClusterIdentity,
  ClusterRegistry,
  KubernetesClient,
  classifyClusterFailure,
  listEnvironments,
} from '@paved/plugin-paved-node';
import { EnvironmentSummary } from '@paved/plugin-paved-common';
import { entityScope } from './entityScope';
import { UnavailableClusters, noteUnavailable } from './UnavailableClusters';

/** Environments read at once by the views that do not go through the fan-out (secrets, golden signals). */
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
 * The environments of `teams` on every cluster (found with the backend's identity, through the registry's
 * fan-out: clusters in parallel, each within its timeout and breaker), optionally only the one named by
 * `environment` (its name or namespace), each with a client acting as the user. A cluster that cannot be
 * read is noted in `unavailable` and contributes nothing; without `unavailable` it fails the call.
 */
export async function entityEnvironments(
  clusters: ClusterRegistry,
  options: {
    teams: string[];
    identity: ClusterIdentity;
    environment?: string;
    unavailable?: UnavailableClusters;
  },
): Promise<EntityEnvironment[]> {
  const { results, unavailable } = await clusters.fanOut.map(
    clusters.list(),
    cluster => cluster.name,
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
  noteUnavailable(unavailable, options.unavailable);
  return results.flatMap(r => r.value);
}

/**
 * Runs `fn` for every environment through the registry's fan-out (at most `paved.limits.fanOut.concurrency`
 * at once, each within its cluster's timeout and breaker), and concatenates the results in the order of the
 * environments. An environment whose error `skip` accepts (see {@link skipDenied}) contributes nothing rather
 * than hiding the others; the environments of a cluster that fails are left out and the cluster is noted in
 * `unavailable` (without it, the call fails).
 */
export async function forEachEnvironment<R>(
  clusters: ClusterRegistry,
  environments: EntityEnvironment[],
  fn: (environment: EntityEnvironment) => Promise<R[]>,
  options: { skip: SkipEnvironment; unavailable?: UnavailableClusters },
): Promise<R[]> {
  const { results, unavailable } = await clusters.fanOut.map(
    environments,
    environment => environment.cluster,
    async environment => {
      try {
        return await fn(environment);
      } catch (error) {
        // a cluster refusing Paved's credentials is down for everyone, not a refusal of this user
        if (classifyClusterFailure(environment.cluster, error)) throw error;
        if (options.skip(error)) return [];
        throw error;
      }
    },
  );
  noteUnavailable(unavailable, options.unavailable);
  return results.flatMap(r => r.value);
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
    /** Where clusters that cannot be read are noted; without it, such a cluster fails the call. */
    unavailable?: UnavailableClusters;
  },
  read: (where: EnvironmentRead) => Promise<T[]>,
): Promise<Array<T & EnvironmentPlace>> {
  const environments = await entityEnvironments(clusters, request);
  return forEachEnvironment(
    clusters,
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
    { skip: request.skip, unavailable: request.unavailable },
  );
}

/** A node-library read of the objects matching a label selector in one namespace, e.g. `podUsage`. */
export type NamespaceRead<T> = (
  client: KubernetesClient,
  options: { namespace: string; labelSelector: string },
) => Promise<T[]>;

/**
 * `read` of the entity's objects in every environment of its teams the user may read, each item with its
 * place; nothing for an entity without a label selector (no kubernetes-id annotation). Clusters that cannot
 * be read are noted in `unavailable` (without it, such a cluster fails the call).
 */
export async function readEntityObjects<T extends object>(
  clusters: ClusterRegistry,
  entity: Entity,
  identity: ClusterIdentity,
  read: NamespaceRead<T>,
  unavailable?: UnavailableClusters,
): Promise<Array<T & EnvironmentPlace>> {
  const { teams, selector } = entityScope(entity);
  if (!selector) return [];
  return readEntityEnvironments(
    clusters,
    { teams, selector, identity, skip: skipDenied, unavailable },
    ({ asUser, namespace, labelSelector }) =>
      read(asUser, { namespace, labelSelector }),
  );
}
