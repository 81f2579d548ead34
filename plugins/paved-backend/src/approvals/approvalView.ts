import { createHash } from 'node:crypto';
import { ConflictError } from '@backstage/errors';
import {
  ApprovalObjectView,
  ApprovalReview,
  ChangeImpact,
} from '@paved/plugin-paved-common';
import {
  AppliedObject,
  KubernetesObject,
  redactSecrets,
} from '@paved/plugin-paved-node';
import { ApprovalRequest } from './ApprovalRequest';
import { ApprovalFacts } from './kinds/ApprovalKind';

/** Longest summary stored with a request. */
const MAX_SUMMARY = 500;

/** What `force` means, in the words requests and lists show. */
export const FORCE_NOTE =
  'force: takes over fields other field managers own (server-side apply force conflicts)';

/** SHA-256 of a text, hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Kind, name and namespace of each object, as requests show them. */
export function describeObjects(
  objects: KubernetesObject[],
): ApprovalObjectView[] {
  return objects.map(o => ({
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
  }));
}

/**
 * The one-line summary of an apply request, made from what the server worked out: every object's kind,
 * name and what applying it does, and `force` first so a shortened line still shows it.
 */
export function applySummary(results: AppliedObject[], force: boolean): string {
  const head = force ? `${FORCE_NOTE}; ` : '';
  const items = results.map(r => `${r.kind} ${r.name} ${r.result}`);
  let shown = items.join(', ');
  for (
    let n = items.length - 1;
    n >= 0 && head.length + shown.length > MAX_SUMMARY;
    n--
  ) {
    shown = `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
  }
  return `${head}${shown || 'no objects'}`;
}

/** The audit trail's target of a change: its objects, named by kind and name. */
export function objectsTarget(objects: ApprovalObjectView[]): string {
  const text = objects.map(o => `${o.kind} ${o.name}`).join(', ');
  return text.length > 1000 ? `${text.slice(0, 990)} and more` : text;
}

/** A request as the API answers with it. */
export type ApprovalView = ApprovalRequest & {
  objects: ApprovalObjectView[];
  force: boolean;
  requesterNote?: string;
  secret?: { name: string; keys: string[] };
  impact?: ChangeImpact;
  rollback?: { revision: number; component?: string; prune: string[] };
};

/**
 * A request as the API answers with it: the stored request plus, from what runs on approval (as its kind
 * reads it), every object (`objects`), `force`, and the requester's free text as `requesterNote` (never the
 * summary). Secret values in the payload are redacted (keys only); the stored request keeps them to apply
 * on approval.
 */
export function approvalView(
  request: ApprovalRequest,
  facts: ApprovalFacts,
): ApprovalView {
  return {
    ...request,
    payload: redactSecrets(request.payload),
    objects: describeObjects(facts.objects),
    force: facts.force,
    ...(facts.note ? { requesterNote: facts.note } : {}),
    ...(facts.secret ? { secret: facts.secret } : {}),
    ...(facts.impact ? { impact: facts.impact } : {}),
    ...(facts.rollback ? { rollback: facts.rollback } : {}),
  };
}

/** The digest a lead confirms: this request, this approver, this diff and these removals. */
export function reviewDigest(
  requestId: string,
  approver: string,
  review: Omit<ApprovalReview, 'digest'>,
): string {
  return sha256(
    JSON.stringify([
      requestId,
      approver,
      review.diff,
      review.removedFields,
      review.changedSinceRequest,
      review.force,
    ]),
  );
}

/**
 * A 409 answer to an approval whose change is no longer the one requested, or now removes fields: nothing
 * ran, and `review` (serialized into the error body) holds the approver's new diff and the digest to confirm.
 */
export class ApprovalChangedError extends ConflictError {
  constructor(message: string, readonly review: ApprovalReview) {
    super(message);
  }
}
