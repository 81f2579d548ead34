import { isErrorNamed } from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { FluxDelivery } from './FluxDelivery';

/**
 * An environment asked to reconcile after a push to its deploy repository.
 *
 * @public
 */
export interface ReconciledEnvironment {
  cluster: string;
  namespace: string;
}

/**
 * Asks Flux, on every configured cluster, to reconcile the environments delivered from `repository` (a clone
 * URL) and `branch`, as Paved's own identity: a push to a deploy repository is applied at once instead of at
 * the next poll. A cluster without Flux has none; a cluster that fails does not stop the others, and its error
 * is thrown once the others were asked, naming it.
 *
 * @public
 */
export async function reconcileDeployRepository(
  clusters: ClusterRegistry,
  repository: string,
  branch: string,
): Promise<ReconciledEnvironment[]> {
  const reconciled: ReconciledEnvironment[] = [];
  const failures: string[] = [];
  for (const cluster of clusters.list()) {
    try {
      const flux = new FluxDelivery(await clusters.client(cluster.name));
      const namespaces = await flux.reconcileRepository(repository, branch);
      reconciled.push(
        ...namespaces.map(namespace => ({ cluster: cluster.name, namespace })),
      );
    } catch (error) {
      // the kind is unknown there: no Flux, so no environment delivered from the repository
      if (isErrorNamed(error, 'NotFoundError')) continue;
      failures.push(`cluster ${cluster.name}: ${(error as Error).message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      `Asking Flux to reconcile the environments delivered from ${repository} (${branch}) failed on ${failures.join(
        '; ',
      )}`,
    );
  }
  return reconciled;
}
