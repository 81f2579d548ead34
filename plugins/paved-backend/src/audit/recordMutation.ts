/**
 * The backend's mutations are audited with the one wrapper of the node library, recording into the
 * backend's {@link AuditTrailStore} and Backstage's auditor.
 */
export {
  recordMutation,
  recordMutationOutcome,
} from '@paved/plugin-paved-node';
export type {
  MutationAuditDeps,
  MutationDescription,
  MutationResultSummary,
} from '@paved/plugin-paved-node';
