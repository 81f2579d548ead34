import { isErrorNamed } from '@paved/plugin-paved-common';
import { ApplyEngine } from '../apply/ApplyEngine';
import { PAVED_FIELD_MANAGER, objectPath } from '../apply/applyObjects';
import { ApplyPlan } from '../apply/plan';
import { ResourceMapper } from '../apply/ResourceMapper';
import { AppliedObject, KubernetesObject } from '../apply/types';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { ClusterIdentity } from '../cluster/types';
import { mapWithConcurrency } from '../observe/concurrency';
import { isSecretObject } from '../secrets/redact';
import { foreignFieldRemovals, removalPatch } from './foreignFields';
import { revisionObjectKey, revisionObjectName } from './revisionObjects';

/**
 * What restoring a revision changes: the revision's objects to re-apply, and the objects later revisions
 * added that it removes.
 *
 * @public
 */
export interface RestoreRequest {
  cluster: string;
  namespace: string;
  /** The acting user; every read and write runs as them. */
  identity: ClusterIdentity;
  platformAdmin?: boolean;
  /** The revision's objects (Secrets hold key names only and are kept as they are). */
  objects: KubernetesObject[];
  /** Objects that later revisions applied; those missing from `objects` are removed if Paved applied them. */
  later: KubernetesObject[];
  /** A read-only plan (the requester of a change request may not dry-run it). */
  mode?: 'dry-run' | 'read-only';
  /** Whether to work out the blast radius and cost forecast (for a lead's review); default true. */
  impact?: boolean;
}

/**
 * A restore checked against guardrails and a dry run: the apply plan, the objects to remove and the Secrets
 * left as they are.
 *
 * @public
 */
export interface RestorePlan {
  plan: ApplyPlan;
  /** Live objects a later revision added that Paved applied (its field manager owns fields of them). */
  prune: KubernetesObject[];
  /** Secrets the revision references: never re-applied, since revisions hold no values. */
  keptSecrets: string[];
  /** Objects left in place because another tool, not Paved, manages them. */
  notes: string[];
}

/**
 * What a restore did.
 *
 * @public
 */
export interface RestoreResult {
  applied: AppliedObject[];
  pruned: Array<{ kind: string; name: string }>;
  /** Fields other field managers had added, removed as `Kind/name: path`. */
  removedFields: string[];
  keptSecrets: string[];
  warnings: string[];
}

/** Reads, field-removal patches and deletions a restore runs at once against the API server. */
const CONCURRENCY = 16;

/** Whether Paved's field manager has applied the live object. */
function appliedByPaved(live: KubernetesObject): boolean {
  const entries = (live.metadata.managedFields ?? []) as Array<{
    manager?: string;
    operation?: string;
  }>;
  return entries.some(
    e => e.manager === PAVED_FIELD_MANAGER && e.operation === 'Apply',
  );
}

async function readLive(
  client: KubernetesClient,
  mapper: ResourceMapper,
  object: KubernetesObject,
  namespace: string,
): Promise<{ live?: KubernetesObject; path: string }> {
  const { path } = await objectPath(mapper, object, namespace);
  try {
    const live = await client.request<KubernetesObject>({
      path,
      context: `reading ${revisionObjectName(object)}`,
    });
    return { live, path };
  } catch (error) {
    if (isErrorNamed(error, 'NotFoundError')) return { path };
    throw error;
  }
}

/**
 * Removes the fields other field managers added to an applied object; answers them as `Kind/name: path`.
 */
async function removeForeignFields(
  client: KubernetesClient,
  mapper: ResourceMapper,
  object: KubernetesObject,
  namespace: string,
  applied: KubernetesObject | undefined,
): Promise<string[]> {
  // the apply's answer is the live object; read it only when the answer was not seen (a retried apply)
  const { live, path } = applied
    ? { live: applied, ...(await objectPath(mapper, object, namespace)) }
    : await readLive(client, mapper, object, namespace);
  if (!live) return [];
  const removals = foreignFieldRemovals(object, live);
  if (removals.length === 0) return [];
  await client.request({
    method: 'PATCH',
    path,
    body: removalPatch(removals, live),
    contentType: 'application/json-patch+json',
    context: `removing fields other managers added to ${revisionObjectName(
      object,
    )}`,
  });
  return removals.map(r => `${revisionObjectName(object)}: ${r.path}`);
}

/** Deletes an object a later revision added; one already gone counts as removed. */
async function deleteObject(
  client: KubernetesClient,
  mapper: ResourceMapper,
  object: KubernetesObject,
  namespace: string,
): Promise<void> {
  const { path } = await objectPath(mapper, object, namespace);
  try {
    await client.request({
      method: 'DELETE',
      path,
      query: { propagationPolicy: 'Background' },
      context: `removing ${revisionObjectName(object)}`,
    });
  } catch (error) {
    if (!isErrorNamed(error, 'NotFoundError')) throw error;
  }
}

/**
 * Checks a restore without writing: the revision's objects (Secrets left out) through the apply engine as
 * the user, with `force` so fields other managers took are taken back, and which later objects to remove.
 *
 * @public
 */
export async function planRestore(
  engine: ApplyEngine,
  clusters: ClusterRegistry,
  request: RestoreRequest,
): Promise<RestorePlan> {
  const secrets = request.objects.filter(o => isSecretObject(o));
  const objects = request.objects.filter(o => !isSecretObject(o));
  const keep = new Set(request.objects.map(revisionObjectKey));
  const client = await clusters.client(request.cluster, request.identity);
  const mapper = new ResourceMapper(client);
  const candidates = new Map<string, KubernetesObject>();
  for (const object of request.later) {
    const key = revisionObjectKey(object);
    if (!keep.has(key) && !isSecretObject(object)) candidates.set(key, object);
  }
  // the objects to remove are read while the revision's objects are dry-run
  const [lives, plan] = await Promise.all([
    mapWithConcurrency([...candidates.values()], CONCURRENCY, async object => ({
      object,
      live: (await readLive(client, mapper, object, request.namespace)).live,
    })),
    engine.plan({
      cluster: request.cluster,
      objects: objects.map(object => ({
        object,
        source: revisionObjectName(object),
      })),
      defaultNamespace: request.namespace,
      identity: request.identity,
      force: true,
      authorizedNamespaces: [request.namespace],
      platformAdmin: request.platformAdmin,
      mode: request.mode,
      impact: request.impact ?? true,
    }),
  ]);
  const notes: string[] = [];
  const prune: KubernetesObject[] = [];
  for (const { object, live } of lives) {
    if (!live) continue;
    if (appliedByPaved(live)) prune.push(object);
    else {
      notes.push(
        `${revisionObjectName(
          object,
        )} is kept: Paved did not apply it, another tool manages it`,
      );
    }
  }
  return {
    plan,
    prune,
    keptSecrets: secrets.map(s => s.metadata.name),
    notes,
  };
}

/**
 * Runs a checked restore as the user: server-side apply of the revision's objects (force), removal of the
 * fields other managers added to them, deletion of the objects later revisions added, then the rollout
 * wait (when `wait` is given).
 *
 * @public
 */
export async function runRestore(
  engine: ApplyEngine,
  clusters: ClusterRegistry,
  restore: RestorePlan,
  options: {
    identity: ClusterIdentity;
    namespace: string;
    wait?: { timeoutMs: number; onProgress?: (line: string) => void };
    /** Called for each object applied, as it lands. */
    onApplied?: (applied: AppliedObject) => void;
    /** Called for each object removed. */
    onPruned?: (pruned: { kind: string; name: string }) => void;
  },
): Promise<RestoreResult> {
  const { plan } = restore;
  const client = await clusters.client(plan.cluster, options.identity);
  const mapper = new ResourceMapper(client);
  const answers = new Map<string, KubernetesObject>();
  const { applied, warnings } = await engine.apply(plan, {
    identity: options.identity,
    force: true,
    onApplied: (a, live) => {
      answers.set(revisionObjectKey(live), live);
      options.onApplied?.(a);
    },
  });
  // objects are removed only once every applied object is clean of other managers' fields
  const removals = await mapWithConcurrency(plan.objects, CONCURRENCY, object =>
    removeForeignFields(
      client,
      mapper,
      object,
      options.namespace,
      answers.get(revisionObjectKey(object)),
    ),
  );
  await mapWithConcurrency(restore.prune, CONCURRENCY, async object => {
    await deleteObject(client, mapper, object, options.namespace);
    options.onPruned?.({ kind: object.kind, name: object.metadata.name });
  });
  const removedFields = removals.flat();
  const pruned: RestoreResult['pruned'] = restore.prune.map(object => ({
    kind: object.kind,
    name: object.metadata.name,
  }));
  if (options.wait) {
    await engine.waitForRollout(plan, {
      identity: options.identity,
      timeoutMs: options.wait.timeoutMs,
      onProgress: options.wait.onProgress,
    });
  }
  return {
    applied,
    pruned,
    removedFields,
    keptSecrets: restore.keptSecrets,
    warnings: [...restore.notes, ...plan.warnings, ...warnings],
  };
}
