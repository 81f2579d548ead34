import { ConflictError } from '@backstage/errors';
import { applyObjects } from '../apply/applyObjects';
import { requireTeamMember } from './access';
import {
  environmentNamespace,
  environmentObjects,
  validateEnvironmentSpec,
} from './environmentObjects';
import {
  readNamespace,
  summarize,
  waitForAccess,
  waitForDefaultServiceAccount,
  waitForGone,
} from './namespaces';
import { objectLabel } from '../apply/objectLabel';
import { ownUserName } from '../cluster/ownUserName';
import { EnvironmentDeps, silentLog } from './deps';
import { EnvironmentCreateRequest } from './types';
import {
  isIncomplete,
  markIncomplete,
  clearIncomplete,
  removeHalfMade,
  withCleanupNote,
} from './incomplete';

/** How long after it starts a create may still be working on its environment: the cleanup task waits that long. */
const CREATE_GRACE_MS = 15 * 60_000;

/**
 * How {@link writeEnvironment} runs: with `newOnly`, a namespace that already exists is a conflict unless an
 * earlier run of the same environment left it half-made (marked incomplete). With `incompleteUntil` it runs
 * inside a larger operation (a clone): the namespace stays marked incomplete until then, and the caller
 * removes the marker (or, when a later step fails, what was made) itself.
 */
export interface WriteEnvironmentOptions {
  newOnly?: boolean;
  incompleteUntil?: Date;
}

/**
 * Creates an environment owned by one of the actor's teams (any team, for platform admins), writing its
 * own objects with Paved's identity. Creating it again with the same team brings its settings up to date,
 * so a retried task succeeds; a namespace of another team, or not managed by Paved, is a conflict.
 *
 * A new namespace is created marked incomplete (see `INCOMPLETE_LABEL`) and the marker is removed once every
 * object is in place. When writing the objects fails, a namespace this run created is deleted again; if
 * that is impossible too (the API server is away), the marker stays, the environment cleanup task deletes it
 * later, and the error says so.
 */
export async function createEnvironment(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentCreateRequest,
) {
  const created = await writeEnvironment(deps, request);
  const service = await deps.clusters.client(request.cluster);
  const asUser = await deps.clusters.client(request.cluster, request.actor);
  // usable once pods can be made and the new bindings let the team in
  await Promise.all([
    waitForDefaultServiceAccount(service, created.namespace),
    created.marked
      ? waitForAccess(asUser, created.namespace, {
          signal: request.signal,
        }).catch(() => false)
      : undefined,
  ]);
  if (created.marked) {
    await clearIncomplete(service, created.namespace, request.signal);
  }
  return { namespace: created.namespace, applied: created.applied };
}

/**
 * Writes an environment's own objects as {@link createEnvironment} does, without waiting for its `default`
 * ServiceAccount (pods can only be created once it exists) or for its new bindings to take effect
 * (`waitForAccess`), and leaving the namespace marked incomplete when it is new (`marked`). See
 * {@link WriteEnvironmentOptions}.
 */
export async function writeEnvironment(
  deps: Pick<EnvironmentDeps, 'clusters' | 'settings'>,
  request: EnvironmentCreateRequest,
  options: WriteEnvironmentOptions = {},
) {
  const { cluster, spec, actor } = request;
  const log = request.log ?? silentLog;
  requireTeamMember(
    actor,
    spec.team,
    deps.settings,
    `create an environment for ${spec.team}`,
  );
  validateEnvironmentSpec(spec, deps.settings);
  const namespace = environmentNamespace(spec);
  const service = await deps.clusters.client(cluster);
  const [backendUser, found] = await Promise.all([
    ownUserName(service),
    readNamespace(service, namespace),
  ]);
  let existing = found;
  const objects = environmentObjects(
    { ...spec, createdBy: spec.createdBy ?? actor.user },
    deps.settings,
    new Date(),
    backendUser,
  );
  let halfMade = existing !== undefined && isIncomplete(existing);
  if (halfMade && existing?.metadata.deletionTimestamp) {
    // an earlier run's half-made namespace that is being deleted: start afresh once it is gone
    log(
      `Waiting for the half-made ${namespace} of an earlier run to be deleted`,
    );
    await waitForGone(service, namespace, log);
    existing = await readNamespace(service, namespace);
    if (existing) {
      throw new ConflictError(
        `Namespace ${namespace} is still being deleted after an earlier failed run; try again in a minute`,
      );
    }
    halfMade = false;
  }
  if (existing && options.newOnly && !halfMade) {
    throw new ConflictError(
      `Namespace ${namespace} already exists; choose another target environment name`,
    );
  }
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
      halfMade
        ? `Environment ${namespace} was left half-made by an earlier run; finishing it`
        : `Environment ${namespace} already exists for ${spec.team}; bringing its settings up to date`,
    );
  }
  // a new (or earlier half-made) namespace is marked until every object is in place
  const marked = !existing || halfMade;
  const until =
    options.incompleteUntil ?? new Date(Date.now() + CREATE_GRACE_MS);
  if (marked) objects[0] = markIncomplete(objects[0], until);
  // the Namespace goes first and is checked by the API server as it is written: when it is refused nothing
  // was made; the environment's other objects follow it in parallel
  log(`Writing ${objects.length} object(s) of environment ${namespace}`);
  const results = await applyObjects(service, objects, {
    // a namespace that did not exist holds nothing yet, so nothing needs reading first
    ...(existing ? {} : { expected: objects.map(() => 'created' as const) }),
    onApplied: a => log(`${objectLabel(a)} ${a.result}`),
    signal: request.signal,
  }).catch(async error => {
    // an environment that existed before stays (a half-made one keeps its marker)
    if (existing) throw error;
    throw withCleanupNote(
      error,
      await removeHalfMade(service, namespace, until, log),
    );
  });
  return {
    namespace,
    applied: results.map(r => r.applied),
    /** The Namespace as the API server answered its write. */
    namespaceObject: results.find(r => r.applied.kind === 'Namespace')?.live,
    marked,
    resumed: halfMade,
  };
}
