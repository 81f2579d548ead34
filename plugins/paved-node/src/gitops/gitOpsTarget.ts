import { isErrorNamed } from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { FluxDelivery, GitOpsSource } from './FluxDelivery';

/**
 * A GitOps environment: where its manifests come from, and its Flux objects as Paved's own identity reads them.
 *
 * @public
 */
export interface GitOpsTarget {
  cluster: string;
  namespace: string;
  source: GitOpsSource;
  flux: FluxDelivery;
}

/**
 * The environment's GitOps delivery, or undefined when Paved applies to it directly: read with Paved's own
 * identity, which may read Flux's objects in every environment (`examples/rbac/gitops.yaml`; a cluster where it
 * may not, or without Flux, has no GitOps environment).
 *
 * @public
 */
export async function findGitOpsTarget(
  clusters: ClusterRegistry,
  cluster: string,
  namespace: string,
): Promise<GitOpsTarget | undefined> {
  const flux = new FluxDelivery(await clusters.client(cluster));
  try {
    const source = await flux.source(namespace);
    return source ? { cluster, namespace, source, flux } : undefined;
  } catch (error) {
    // without the rights of examples/rbac/gitops.yaml Paved cannot see Flux's objects there: a cluster set up
    // before GitOps delivery existed, whose environments Paved applies to directly as before
    if (isErrorNamed(error, 'NotAllowedError')) return undefined;
    throw error;
  }
}
