import { ConflictError } from '@backstage/errors';
import { isErrorNamed } from '@paved/plugin-paved-common';
import { attachKubernetesStatus, getKubernetesStatus } from '../cluster/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { apiGroupOf } from '../guardrails/privileged';
import { ResourceMapper } from './ResourceMapper';
import { LiveObjects, liveObjectKey } from './readLiveObjects';
import { AppliedObject, ApplyOutcome, KubernetesObject } from './types';
import { objectLabel } from './objectLabel';
import {
  APPLY_CONCURRENCY,
  isWorkloadKind,
  startInSendOrder,
} from './sendOrder';
import {
  ObjectRef,
  PartialApplyError,
  failedObject,
} from './PartialApplyError';

/** The field manager Paved applies with. */
export const PAVED_FIELD_MANAGER = 'paved';

/**
 * Options for {@link applyObjects}.
 *
 * @public
 */
export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. */
  defaultNamespace?: string;
  /** Server-side dry-run: the API server runs admission and validation but stores nothing. */
  dryRun?: boolean;
  /** Take ownership of fields another field manager owns. */
  force?: boolean;
  /** Collects the API server's warnings. */
  warnings?: string[];
  /** Each collected warning starts with the object it is about (`Deployment shop/web: …`). */
  labelWarnings?: boolean;
  /**
   * What a server-side dry run said each object would become (by index). When given, the live objects are
   * not read again: the outcome is the dry run's, corrected by the API server's answer (201 = created).
   */
  expected?: ApplyOutcome[];
  /** Called once per object after it was applied. */
  onApplied?: (applied: AppliedObject, live: KubernetesObject) => void;
  /**
   * Live objects already read, or being read (see `readLiveObjects`); the others are read one by one. In a dry
   * run each object's read runs beside its dry run, which writes nothing.
   */
  known?: LiveObjects | Promise<LiveObjects>;
  /** Stops the apply: requests in flight are aborted and no further object is sent. */
  signal?: AbortSignal;
  /**
   * Workloads are sent only once this has settled, and fail with its error if it rejects (e.g. the wait for a
   * new namespace's default ServiceAccount, without which their pods are refused).
   */
  workloadsAfter?: Promise<unknown>;
}

/**
 * The object's API path, namespace filled in from the default for namespaced kinds.
 *
 * @public
 */
export async function objectPath(
  mapper: ResourceMapper,
  object: KubernetesObject,
  defaultNamespace?: string,
): Promise<{ path: string; namespace?: string }> {
  const info = await mapper.resolve(object.apiVersion, object.kind);
  const name = encodeURIComponent(object.metadata.name);
  if (!info.namespaced) {
    return { path: `${info.base}/${info.plural}/${name}` };
  }
  const namespace = object.metadata.namespace ?? defaultNamespace ?? 'default';
  return {
    path: `${info.base}/namespaces/${encodeURIComponent(namespace)}/${
      info.plural
    }/${name}`,
    namespace,
  };
}

const FIRST_KINDS = new Set(['Namespace', 'CustomResourceDefinition']);

/** API groups the API server serves itself (`''` is the core group). */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apps',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/**
 * The field validation an apply asks for. For the API server's own kinds, `Ignore`: server-side apply
 * refuses a field their schema does not know whatever is asked (see `isSchemaRefusal`), and a body Paved
 * sends is JSON, which holds no duplicate keys, so the default's (`Warn`) second, strict reading of every
 * body could find nothing and only costs the API server time. Custom resources keep the default: the
 * API server drops their unknown fields with a warning, which the plan lists.
 */
function fieldValidationOf(object: KubernetesObject): 'Ignore' | undefined {
  return BUILT_IN_GROUPS.has(apiGroupOf(object.apiVersion))
    ? 'Ignore'
    : undefined;
}

/**
 * What applying one object gave: its outcome, the API server's answer, and the object before.
 *
 * @public
 */
export type ApplyResult = {
  applied: AppliedObject;
  live: KubernetesObject;
  before?: KubernetesObject;
};

/**
 * Applies objects with server-side apply (field manager `paved`): Namespaces and CRDs first, everything else
 * in parallel, at most 32 at once, Services first; workloads and autoscalers after what they need (see `startInSendOrder`) (results
 * stay in the order of `objects`, Namespaces and CRDs first). Each object is reported as created, configured or unchanged by comparing the live
 * resourceVersion before and after.
 *
 * When some of several objects fail (and this is not a dry run), every object still in flight is waited for
 * and a {@link PartialApplyError} says which were applied, which failed and why, and which were never sent
 * (everything after a failed Namespace or CRD). A single object's failure is thrown as it is.
 *
 * @public
 */
export async function applyObjects(
  client: KubernetesClient,
  objects: KubernetesObject[],
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const mapper = new ResourceMapper(client);
  const expectedOf = (o: KubernetesObject) =>
    options.expected?.[objects.indexOf(o)];
  const first = objects.filter(o => FIRST_KINDS.has(o.kind));
  const rest = objects.filter(o => !FIRST_KINDS.has(o.kind));
  if (objects.length <= 1 || options.dryRun) {
    const results = await Promise.all(
      first.map(o => applyOne(client, mapper, o, options, expectedOf(o))),
    );
    if (first.some(o => o.kind === 'CustomResourceDefinition')) {
      mapper.reset();
    }
    results.push(
      ...(await Promise.all(
        startInSendOrder(rest, o =>
          applyOne(client, mapper, o, options, expectedOf(o)),
        ),
      )),
    );
    return results;
  }
  options.signal?.throwIfAborted();
  const results: ApplyResult[] = [];
  const failures: Array<{ object: KubernetesObject; error: unknown }> = [];
  const phase = async (phaseObjects: KubernetesObject[]) => {
    const settled = await Promise.allSettled(
      startInSendOrder(
        phaseObjects,
        o => applyOne(client, mapper, o, options, expectedOf(o)),
        APPLY_CONCURRENCY,
        true,
      ),
    );
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') results.push(s.value);
      else failures.push({ object: phaseObjects[i], error: s.reason });
    });
  };
  await phase(first);
  if (first.some(o => o.kind === 'CustomResourceDefinition')) {
    mapper.reset();
  }
  const stopped = failures.length > 0 || options.signal?.aborted;
  if (!stopped) await phase(rest);
  if (failures.length === 0 && !stopped) return results;
  const ref = (o: KubernetesObject): ObjectRef => {
    const namespace = FIRST_KINDS.has(o.kind)
      ? o.metadata.namespace
      : o.metadata.namespace ?? options.defaultNamespace;
    return {
      apiVersion: o.apiVersion,
      kind: o.kind,
      ...(namespace ? { namespace } : {}),
      name: o.metadata.name,
    };
  };
  const cause = failures[0]?.error ?? options.signal?.reason;
  throw new PartialApplyError(
    {
      cluster: client.cluster.name,
      applied: results.map(r => r.applied),
      failed: failures.map(f => failedObject(ref(f.object), f.error)),
      notAttempted: stopped ? rest.map(ref) : [],
    },
    cause,
  );
}

async function applyOne(
  client: KubernetesClient,
  mapper: ResourceMapper,
  object: KubernetesObject,
  options: ApplyOptions,
  expected?: ApplyOutcome,
): Promise<ApplyResult> {
  const { path, namespace } = await objectPath(
    mapper,
    object,
    options.defaultNamespace,
  );
  if (options.workloadsAfter && isWorkloadKind(object.kind)) {
    await options.workloadsAfter;
  }
  const label = objectLabel({
    kind: object.kind,
    namespace,
    name: object.metadata.name,
  });
  const readBefore = async (): Promise<KubernetesObject | undefined> => {
    if (expected) return undefined;
    const known = (await options.known)?.get(liveObjectKey(object, namespace));
    if (known !== undefined) return known ?? undefined;
    try {
      return await client.request<KubernetesObject>({
        path,
        context: `reading ${label}`,
        signal: options.signal,
      });
    } catch (error) {
      if (!isErrorNamed(error, 'NotFoundError')) throw error;
      return undefined;
    }
  };
  // a dry run writes nothing, so the object is read while it runs; a real apply reads it first
  const reading = options.dryRun ? readBefore() : undefined;
  reading?.catch(() => undefined);
  let before = reading ? undefined : await readBefore();
  let status = 0;
  const warnings: string[] | undefined = options.labelWarnings
    ? []
    : options.warnings;
  const body = namespace
    ? { ...object, metadata: { ...object.metadata, namespace } }
    : object;
  const live = await client
    .request<KubernetesObject>({
      method: 'PATCH',
      path,
      query: {
        fieldManager: PAVED_FIELD_MANAGER,
        force: options.force ? true : undefined,
        dryRun: options.dryRun ? 'All' : undefined,
        fieldValidation: fieldValidationOf(object),
      },
      body,
      contentType: 'application/apply-patch+yaml',
      context: `applying ${label}`,
      warnings,
      signal: options.signal,
      onStatus: code => {
        status = code;
      },
    })
    .catch(error => {
      throw explainConflict(error, label);
    });
  if (options.labelWarnings && warnings?.length) {
    options.warnings?.push(...warnings.map(w => `${label}: ${w}`));
  }
  if (reading) before = await reading;
  let result: AppliedObject['result'];
  if (expected) {
    // 201 means the object did not exist; otherwise the dry run's judgement stands
    if (status === 201) result = 'created';
    else result = expected === 'created' ? 'configured' : expected;
  } else if (before === undefined) {
    result = 'created';
  } else {
    result = sameContent(before, live) ? 'unchanged' : 'configured';
  }
  const applied: AppliedObject = {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace ? { namespace } : {}),
    name: object.metadata.name,
    result,
  };
  options.onApplied?.(applied, live);
  return { applied, live, ...(before ? { before } : {}) };
}

/** Compares two versions of an object ignoring bookkeeping the server maintains. */
function sameContent(a: KubernetesObject, b: KubernetesObject): boolean {
  return JSON.stringify(comparable(a)) === JSON.stringify(comparable(b));
}

function comparable(object: KubernetesObject): unknown {
  const { status: _status, metadata, ...rest } = object;
  const {
    resourceVersion: _rv,
    managedFields: _mf,
    generation: _gen,
    ...meta
  } = metadata;
  return { ...rest, metadata: meta };
}

/** Rewrites a server-side apply conflict to name each field and the manager that owns it. */
function explainConflict(error: unknown, label: string): unknown {
  if (!isErrorNamed(error, 'ConflictError')) return error;
  const causes = getKubernetesStatus(error)?.details?.causes ?? [];
  const conflicts = causes
    .filter(c => c.reason === 'FieldManagerConflict')
    .map(
      c =>
        `field ${c.field} is managed by ${(c.message ?? '').replace(
          /^conflict with /,
          '',
        )}`,
    );
  if (conflicts.length === 0) return error;
  return attachKubernetesStatus(
    new ConflictError(
      `${label}: ${conflicts.join(
        '; ',
      )}. Set "force: true" to take these fields over, or leave them out of the manifest`,
      error,
    ),
    getKubernetesStatus(error),
  );
}
