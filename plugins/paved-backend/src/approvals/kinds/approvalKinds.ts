import { ConflictError } from '@backstage/errors';
import { ApprovalRequest } from '../ApprovalRequest';
import { ApprovalKindDeps, StoredApproval } from './ApprovalKind';
import { applyKind } from './applyKind';
import { cloneKind } from './cloneKind';
import { environmentDeleteKind } from './environmentDeleteKind';
import { rollbackKind } from './rollbackKind';
import { secretValuesKind } from './secretValuesKind';

/** Every kind of change Paved holds for approval, by what asks for it. */
export function createApprovalKinds(deps: ApprovalKindDeps) {
  return {
    apply: applyKind(deps),
    clone: cloneKind(deps),
    secretValues: secretValuesKind(deps),
    rollback: rollbackKind(deps),
    environmentDelete: environmentDeleteKind(deps),
  };
}

/** The kinds of approval the backend knows. */
export type ApprovalKinds = ReturnType<typeof createApprovalKinds>;

/**
 * A stored request as its kind reads it, its payload checked against the kind's schema. A request of a
 * kind the backend does not know, or whose payload fails its kind's schema, is refused (409): it never runs,
 * least of all as another kind.
 */
export function loadApproval(
  kinds: ApprovalKinds,
  request: ApprovalRequest,
): StoredApproval {
  const known = Object.values(kinds);
  const kind = known.find(k => k.kind === request.kind);
  if (!kind) {
    throw new ConflictError(
      `Approval request ${request.id} is of kind "${
        request.kind
      }", which Paved does not know how to run (known kinds: ${known
        .map(k => k.kind)
        .join(', ')}); nothing was run`,
    );
  }
  return kind.load(request);
}
