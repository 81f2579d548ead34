import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { isPlatformAdmin, requireTeamMember } from './access';
import {
  deleteNamespace,
  readNamespace,
  summarize,
  waitForGone,
} from './namespaces';
import { EnvironmentDeps, silentLog } from './deps';
import { EnvironmentDeleteRequest } from './types';

/**
 * Deletes an environment: only Paved-managed ones, owned by one of the actor's teams; protected ones only by
 * platform admins. Returns the environment as it was.
 */
export async function deleteEnvironment(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentDeleteRequest,
) {
  const { cluster, namespace, actor, log = silentLog } = request;
  const service = await deps.clusters.client(cluster);
  const ns = await readNamespace(service, namespace);
  if (!ns)
    throw new NotFoundError(`No namespace ${namespace} on cluster ${cluster}`);
  const summary = summarize(cluster, ns);
  if (!summary) {
    throw new NotAllowedError(
      `Namespace ${namespace} is not managed by Paved; Paved deletes only the environments it made`,
    );
  }
  requireTeamMember(
    actor,
    summary.team,
    deps.settings,
    `delete environment ${namespace}`,
  );
  if (summary.protected && !isPlatformAdmin(actor, deps.settings)) {
    throw new NotAllowedError(
      `Environment ${namespace} is protected (${summary.environment}); only platform admins may delete it`,
    );
  }
  log(
    `Deleting environment ${namespace} (${summary.environment} of ${summary.team})`,
  );
  await deleteNamespace(service, namespace, `deleting ${namespace}`);
  if (request.wait ?? true) await waitForGone(service, namespace, log);
  return summary;
}
