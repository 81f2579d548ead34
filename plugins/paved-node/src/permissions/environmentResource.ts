import { InputError } from '@backstage/errors';
import {
  PavedEnvironmentResource,
  kubernetesNameProblem,
  isErrorNamed,
} from '@paved/plugin-paved-common';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { summarizeEnvironment } from '../environments/summary';

/**
 * Loads what permission rules see of an existing namespace, read with the backend's own identity: its team and
 * protection when Paved manages it; no team (so only platform admins qualify) when it does not. Undefined when
 * the cluster or namespace does not exist.
 *
 * @public
 */
export async function loadEnvironmentResource(
  clusters: ClusterRegistry,
  cluster: string,
  namespace: string,
): Promise<PavedEnvironmentResource | undefined> {
  // the namespace is read as given: one that is not exactly a name could make the read and a later write
  // touch different objects
  const problem = kubernetesNameProblem('namespace', namespace, 'label');
  if (problem) throw new InputError(problem);
  try {
    const client = await clusters.client(cluster);
    const ns = await client.request<{
      metadata: {
        name: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      };
    }>({
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}`,
      context: `reading namespace "${namespace}" on cluster "${cluster}"`,
    });
    const summary = summarizeEnvironment(cluster, ns);
    return {
      cluster,
      namespace,
      ...(summary?.team ? { team: summary.team } : {}),
      protected: summary?.protected ?? false,
    };
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError')) return undefined;
    throw error;
  }
}
