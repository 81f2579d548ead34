import { toError } from '@backstage/errors';
import { RevisionRecord, RevisionSource } from '@paved/plugin-paved-common';
import { ApplyPlan } from '../apply/plan';
import { AppliedObject, KubernetesObject } from '../apply/types';
import { toRevisionObject } from './revisionObjects';

/**
 * Where revisions go: the backend's store, or the backend's `POST /revisions` seen from another plugin.
 * Answers the revision number, or undefined when it could not be recorded (which is logged, not thrown).
 *
 * @public
 */
export interface RevisionRecorder {
  record(record: RevisionRecord): Promise<number | undefined>;
}

/**
 * What one applied change is recorded as.
 *
 * @public
 */
export interface AppliedChange {
  plan: ApplyPlan;
  actor: string;
  source: RevisionSource;
  /** Objects applied so far, as reported while applying (all of them when it succeeded). */
  applied: AppliedObject[];
  /** Objects a rollback removed. */
  pruned?: Array<{ kind: string; name: string }>;
  /** The error that ended the change (apply or rollout), when it failed. */
  error?: unknown;
  /** Objects of the change to record instead of the plan's (a rollback's Secrets, which it does not apply). */
  objects?: KubernetesObject[];
}

/**
 * The revisions of a change: one per namespace it wrote to (a change of cluster-scoped objects only has
 * none), holding its objects with Secret values removed before they leave the process.
 *
 * @public
 */
export function revisionRecords(change: AppliedChange): RevisionRecord[] {
  const objects = change.objects ?? change.plan.objects;
  const namespaces = [
    ...new Set(
      objects
        .map(o => o.metadata.namespace)
        .filter((n): n is string => Boolean(n)),
    ),
  ];
  const message = change.error ? toError(change.error).message : undefined;
  return namespaces.map(namespace => {
    const here = objects.filter(o => o.metadata.namespace === namespace);
    const results = [
      ...change.applied
        .filter(a => a.namespace === namespace)
        .map(a => ({ kind: a.kind, name: a.name, result: a.result })),
      ...(change.pruned ?? []).map(p => ({ ...p, result: 'pruned' as const })),
    ];
    return {
      cluster: change.plan.cluster,
      namespace,
      actor: change.actor,
      source: change.source,
      outcome: change.error ? 'failed' : 'applied',
      ...(message ? { message: message.slice(0, 20000) } : {}),
      manifests: here.map(toRevisionObject),
      results,
      diff: change.plan.diff,
    };
  });
}

/**
 * Records the revisions of a change; answers the numbers recorded, in namespace order.
 *
 * @public
 */
export async function recordRevisions(
  recorder: RevisionRecorder | undefined,
  change: AppliedChange,
): Promise<number[]> {
  if (!recorder) return [];
  // the change has happened: a recorder that fails must not fail it
  const numbers = await Promise.all(
    revisionRecords(change).map(r => recorder.record(r).catch(() => undefined)),
  );
  return numbers.filter((n): n is number => n !== undefined);
}

/**
 * Applies a plan and records its revisions whatever happens after the first write: `run` applies (and waits
 * for the rollout), reporting each object applied; a change refused before anything was written records
 * nothing.
 *
 * @public
 */
export async function withRevision<T>(
  recorder: RevisionRecorder | undefined,
  change: Omit<AppliedChange, 'applied' | 'error'>,
  run: (onApplied: (applied: AppliedObject) => void) => Promise<T>,
): Promise<T> {
  const applied: AppliedObject[] = [];
  try {
    const result = await run(a => applied.push(a));
    await recordRevisions(recorder, { ...change, applied });
    return result;
  } catch (error) {
    if (applied.length > 0) {
      await recordRevisions(recorder, { ...change, applied, error });
    }
    throw error;
  }
}
