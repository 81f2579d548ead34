import {
  ApplyEngine,
  ApplyPlan,
  ClusterIdentity,
  KubernetesObject,
} from '@paved/plugin-paved-node';
import { ApprovalRequest } from '../ApprovalRequest';
import { ApprovalChangedError, reviewDigest, sha256 } from '../approvalView';

/** What a stored apply request runs, as far as planning and reviewing it goes. */
export interface RecordedApply {
  manifests: KubernetesObject[];
  force: boolean;
  /** SHA-256 of the diff shown at request time (live objects vs. the change), to notice later changes. */
  previewDigest?: string;
}

/** The approver's own server-side plan of a recorded apply against the live objects. */
export function planAsApprover(
  engine: ApplyEngine,
  request: ApprovalRequest,
  payload: RecordedApply,
  approver: ClusterIdentity,
  mode: 'dry-run' | 'read-only',
): Promise<ApplyPlan> {
  return engine.plan({
    cluster: request.cluster,
    objects: payload.manifests.map((object, i) => ({
      object,
      source: `approval ${request.id} manifests[${i}]`,
    })),
    defaultNamespace: request.namespace,
    identity: approver,
    force: payload.force,
    // deciding was authorized for this environment (team lead or platform admin)
    authorizedNamespaces: [request.namespace],
    mode,
  });
}

/**
 * Before an apply is approved: the approver's dry run against the live objects. When the live objects
 * changed since the request (its diff differs from the recorded one) or the change now removes fields,
 * nothing runs until the approver confirms this very review (`confirm` = its digest); a confirmation of
 * an older review is refused the same way, with the new one. Returns the checked plan to apply.
 */
export async function reviewApply(
  engine: ApplyEngine,
  request: ApprovalRequest,
  payload: RecordedApply,
  approver: ClusterIdentity,
  confirm: string | undefined,
): Promise<ApplyPlan> {
  const [preview, plan] = await Promise.all([
    planAsApprover(engine, request, payload, approver, 'read-only'),
    planAsApprover(engine, request, payload, approver, 'dry-run'),
  ]);
  const changedSinceRequest = payload.previewDigest
    ? sha256(preview.diff) !== payload.previewDigest
    : preview.diff !== request.diff;
  const removedFields = plan.removedFields ?? [];
  if (!changedSinceRequest && removedFields.length === 0) return plan;
  const facts = {
    diff: plan.diff,
    removedFields,
    changedSinceRequest,
    force: payload.force === true,
  };
  const digest = reviewDigest(request.id, approver.user, facts);
  if (confirm === digest) return plan;
  const reasons = [
    changedSinceRequest &&
      'the live objects changed since it was requested, so it would now do something else than the diff it was requested with',
    removedFields.length > 0 &&
      `it removes ${
        removedFields.length
      } field(s) from live objects: ${removedFields.slice(0, 5).join(', ')}${
        removedFields.length > 5 ? ', …' : ''
      }`,
  ].filter(Boolean);
  const now = plan.results
    .map(r => `${r.kind} ${r.name} ${r.result}`)
    .join(', ');
  throw new ApprovalChangedError(
    `${
      confirm ? 'The confirmation given is for an earlier review; ' : ''
    }approval request ${request.id} was not run: ${reasons.join(
      '; and ',
    )}. Now it would do: ${now || 'nothing'}${
      facts.force ? ' (with force)' : ''
    }. Review the new diff (error.review.diff) and approve again with confirm: "${digest}"`,
    { ...facts, digest },
  );
}
