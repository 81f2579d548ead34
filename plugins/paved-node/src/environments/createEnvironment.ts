import { ConflictError } from '@backstage/errors';
import { applyObjects } from '../apply/applyObjects';
import { requireTeamMember } from './access';
import { environmentNamespace, environmentObjects } from './environmentObjects';
import {
  readNamespace,
  summarize,
  waitForDefaultServiceAccount,
} from './namespaces';
import { objectLabel } from '../apply/objectLabel';
import { ownUserName } from '../cluster/ownUserName';
import { EnvironmentDeps, silentLog } from './deps';
import { EnvironmentCreateRequest } from './types';

/**
 * Creates an environment owned by one of the actor's teams (any team, for platform admins), writing its
 * own objects with Paved's identity. Creating it again with the same team brings its settings up to date,
 * so a retried task succeeds; a namespace of another team, or not managed by Paved, is a conflict.
 */
export async function createEnvironment(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentCreateRequest,
) {
  const { cluster, spec, actor } = request;
  const log = request.log ?? silentLog;
  requireTeamMember(
    actor,
    spec.team,
    deps.settings,
    `create an environment for ${spec.team}`,
  );
  const namespace = environmentNamespace(spec);
  const service = await deps.clusters.client(cluster);
  const objects = environmentObjects(
    { ...spec, createdBy: spec.createdBy ?? actor.user },
    deps.settings,
    new Date(),
    await ownUserName(service),
  );
  const existing = await readNamespace(service, namespace);
  if (existing) {
    const summary = summarize(cluster, existing);
    if (
      !summary ||
      summary.team !== spec.team ||
      summary.environment !== spec.name
    ) {
      throw new ConflictError(
        `Namespace ${namespace} already exists${
          summary
            ? ` as environment ${summary.environment} of ${summary.team}`
            : ' and is not managed by Paved'
        }; choose another environment name`,
      );
    }
    log(
      `Environment ${namespace} already exists for ${spec.team}; bringing its settings up to date`,
    );
  }
  log(
    `Checking ${objects.length} object(s) for environment ${namespace} with a server-side dry run`,
  );
  await applyObjects(service, objects.slice(0, 1), { dryRun: true });
  const results = await applyObjects(service, objects, {
    // a namespace that did not exist holds nothing yet, so nothing needs reading first
    ...(existing ? {} : { expected: objects.map(() => 'created' as const) }),
    onApplied: a => log(`${objectLabel(a)} ${a.result}`),
  });
  await waitForDefaultServiceAccount(service, namespace);
  return { namespace, applied: results.map(r => r.applied) };
}
