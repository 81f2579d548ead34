import { NotFoundError } from '@backstage/errors';
import { PavedEnvironmentResource } from '@paved/plugin-paved-common';
import {
  ClusterRegistry,
  loadEnvironmentResource,
} from '@paved/plugin-paved-node';

/** The environment a stored request is about, as permission rules see it; 404 when its namespace is gone. */
export async function existingEnvironment(
  clusters: ClusterRegistry,
  cluster: string,
  namespace: string,
): Promise<PavedEnvironmentResource> {
  const env = await loadEnvironmentResource(clusters, cluster, namespace);
  if (!env) {
    throw new NotFoundError(`No namespace ${namespace} on cluster ${cluster}`);
  }
  return env;
}
