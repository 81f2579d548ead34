import { z } from 'zod/v3';
import { kubernetesNameSchema } from '../names';

/**
 * How an audited change ended: `succeeded`, `failed`, `refused` when Paved or the cluster turned it down
 * before anything changed (permissions, guardrails, invalid input), `requested` when it became an approval
 * request instead of running.
 *
 * @public
 */
export const auditOutcomeSchema = z.enum([
  'succeeded',
  'failed',
  'refused',
  'requested',
]);

/**
 * How an audited change ended (see {@link auditOutcomeSchema}).
 *
 * @public
 */
export type AuditOutcome = z.infer<typeof auditOutcomeSchema>;

/**
 * The longest texts an audit trail entry may carry over HTTP.
 *
 * @public
 */
export const AUDIT_ENTRY_LIMITS = {
  action: 100,
  place: 200,
  target: 1000,
  message: 4000,
} as const;

/**
 * One entry for Paved's audit trail: who did what, where, and how it ended. The body of
 * `POST /api/paved/audit/events`, which other backend plugins (the scaffolder module) use to record their
 * changes.
 *
 * @public
 */
export const auditEntrySchema = z.object({
  /** User ref of who did it (or the plugin, for scheduled work). */
  actor: z.string().min(1),
  /** What was done, e.g. `kubernetes.apply` or `environment.clone`. */
  action: z.string().min(1).max(AUDIT_ENTRY_LIMITS.action),
  outcome: auditOutcomeSchema,
  cluster: z.string().max(AUDIT_ENTRY_LIMITS.place).optional(),
  namespace: z.string().max(AUDIT_ENTRY_LIMITS.place).optional(),
  /** What it was done to, e.g. `Deployment/checkout` or a target namespace. */
  target: z.string().max(AUDIT_ENTRY_LIMITS.target).optional(),
  message: z.string().max(AUDIT_ENTRY_LIMITS.message).optional(),
  /** Facts about the change; secret values in it are stored with their keys only. */
  details: z.record(z.unknown()).optional(),
});

/**
 * One entry for Paved's audit trail (see {@link auditEntrySchema}).
 *
 * @public
 */
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * The query of `GET /api/paved/audit` (platform admins): a page of the trail, newest first, optionally of
 * one actor, cluster or namespace; `before` is the `nextCursor` of the previous page.
 *
 * @public
 */
export const auditTrailQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.string().optional(),
  actor: z.string().optional(),
  cluster: z.string().optional(),
  namespace: kubernetesNameSchema('namespace', 'label').optional(),
});
