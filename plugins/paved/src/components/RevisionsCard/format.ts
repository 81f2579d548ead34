import { RevisionSource, RevisionSummary } from '@paved/plugin-paved-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `iso` was, in short words: `just now`, `12 min ago`, `3 h ago`, `2 days ago`; a future time
 * (clock skew) reads `just now`, an unreadable one is returned as written.
 */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const ago = now - time;
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  const days = Math.floor(ago / DAY);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * Where a revision came from, in words: `apply`, `golden path <template>`, `clone`, `approval <id>`,
 * `rollback of #M`, `re-apply of #M`.
 */
export function describeSource(source: RevisionSource): string {
  const restores =
    source.restores === undefined ? '' : ` of #${source.restores}`;
  switch (source.kind) {
    case 'golden-path':
      return source.template ? `golden path ${source.template}` : 'golden path';
    case 'approval':
      return source.approvalId ? `approval ${source.approvalId}` : 'approval';
    case 'rollback':
      return `rollback${restores}`;
    case 'reapply':
      return `re-apply${restores}`;
    default:
      return source.kind;
  }
}

/** A revision's objects with what applying each did: `Deployment web (configured), ConfigMap x (pruned)`. */
export function describeObjects(objects: RevisionSummary['objects']): string {
  return objects
    .map(o => `${o.kind} ${o.name}${o.result ? ` (${o.result})` : ''}`)
    .join(', ');
}

/** How many objects restoring the revision re-applies: its objects except those it pruned. */
export function restoredObjectCount(revision: RevisionSummary): number {
  return revision.objects.filter(o => o.result !== 'pruned').length;
}

/** The key of a revision's environment: `cluster/namespace`. */
export function environmentKey(revision: {
  cluster: string;
  namespace: string;
}): string {
  return `${revision.cluster}/${revision.namespace}`;
}
