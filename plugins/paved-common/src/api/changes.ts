import { z } from 'zod/v3';

/**
 * How a change reached the environment.
 *
 * @public
 */
export type RevisionSourceKind =
  | 'apply'
  | 'golden-path'
  | 'clone'
  | 'approval'
  | 'rollback'
  | 'reapply';

/**
 * Where a revision came from: the scaffolder template and task, the approval request, or the revision a
 * rollback restored.
 *
 * @public
 */
export interface RevisionSource {
  kind: RevisionSourceKind;
  /** Template entity ref, for changes made by a software template. */
  template?: string;
  /** Scaffolder task id. */
  taskId?: string;
  /** Approval request id, for a change that ran on approval. */
  approvalId?: string;
  /** The revision a rollback or re-apply restored. */
  restores?: number;
}

/**
 * One object a revision applied, as stored: the whole manifest, except that a Secret keeps its key names
 * only (`data` values are empty strings), never a value.
 *
 * @public
 */
export interface RevisionObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * How a recorded change ended: `applied` (and rolled out when it waited), or `failed` (some objects may
 * have been written; the message says what went wrong).
 *
 * @public
 */
export type RevisionOutcome = 'applied' | 'failed';

/**
 * A revision without its objects: what the lists show.
 *
 * @public
 */
export interface RevisionSummary {
  cluster: string;
  namespace: string;
  /** Counts from 1 in each environment (cluster and namespace). */
  revision: number;
  /** The catalog components the change touched (`backstage.io/kubernetes-id` of its objects). */
  components: string[];
  actor: string;
  /** ISO time the change ended. */
  at: string;
  source: RevisionSource;
  outcome: RevisionOutcome;
  message?: string;
  /** Each object with what applying it did. */
  objects: Array<{
    kind: string;
    name: string;
    result?: 'created' | 'configured' | 'unchanged' | 'pruned';
  }>;
}

/**
 * A revision with its objects and the dry run's diff as it was applied.
 *
 * @public
 */
export interface RevisionView extends RevisionSummary {
  manifests: RevisionObject[];
  /** The diff the change's dry run showed (live objects vs. the change), Secret values never included. */
  diff: string;
}

/**
 * Revisions of an entity's or an environment's changes, newest first.
 *
 * @public
 */
export interface RevisionList {
  revisions: RevisionSummary[];
  /** Whether older revisions exist beyond `limit`. */
  more: boolean;
}

/**
 * The difference between two revisions' object sets, as a unified diff of their manifests.
 *
 * @public
 */
export interface RevisionDiff {
  cluster: string;
  namespace: string;
  from: number;
  to: number;
  diff: string;
}

/**
 * What a rollback (or re-apply) did, or the change request it made when the caller may only propose it.
 *
 * @public
 */
export interface RollbackResult {
  status: 'applied' | 'requested';
  /** The new revision the rollback recorded (status `applied`). */
  revision?: RevisionSummary;
  /** The change request (status `requested`). */
  approvalId?: string;
  applied: Array<{
    kind: string;
    name: string;
    result: 'created' | 'configured' | 'unchanged';
  }>;
  /** Objects a later revision added that the rollback removed. */
  pruned: Array<{ kind: string; name: string }>;
  /** Fields other field managers had added that the rollback removed, as `Kind/name: path`. */
  removedFields: string[];
  /** Secrets the revision references: kept as they are, since revisions never hold values. */
  keptSecrets: string[];
  warnings: string[];
}

/**
 * One field of a workload that differs from the last revision Paved applied.
 *
 * @public
 */
export interface DriftField {
  /** Field path, e.g. `spec.replicas` or `spec.template.spec.containers[name=api].env[name=DEBUG]`. */
  path: string;
  /** The value in the revision (absent when the revision does not set the field). */
  expected?: unknown;
  /** The live value (absent when the field was removed). */
  actual?: unknown;
  /** The field manager that owns the live value (`managedFields`), e.g. `kubectl-scale`. */
  manager?: string;
  /** When that manager last wrote the object (ISO). */
  changedAt?: string;
  /**
   * What happened to the field: `added` by another manager (the revision does not set it), `changed`, or
   * `removed` (the revision sets it, the live object lacks it). Tells them apart where `expected` and
   * `actual` are both left out (a Secret's values).
   */
  change?: 'added' | 'changed' | 'removed';
}

/**
 * A workload (or other object) whose live state differs from its last revision.
 *
 * @public
 */
export interface DriftedObject {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
  /** The revision the live object is compared with. */
  revision: number;
  fields: DriftField[];
}

/**
 * An entity's drift, over its environments.
 *
 * @public
 */
export interface EntityDrift {
  objects: DriftedObject[];
  /** Environments that could not be read, with the reason. */
  notes: string[];
}

/**
 * What a change will touch beyond its own objects, found before anything is applied.
 *
 * @public
 */
export interface BlastRadius {
  /** Pods that will restart because their workload's pod template changes. */
  restartingPods: Array<{ workload: string; pods: string[] }>;
  /** Services whose selected pods change: `before` and `after` are pod counts. */
  services: Array<{
    name: string;
    before: number;
    after: number;
    problem: 'no-endpoints' | 'loses-pods' | 'gains-pods';
    message: string;
  }>;
  /** HPA and PodDisruptionBudget conflicts, e.g. a PDB that blocks every eviction. */
  conflicts: Array<{ kind: string; name: string; message: string }>;
  /** Traffic between the team's components that a NetworkPolicy change cuts. */
  cutTraffic: Array<{
    from: string;
    to: string;
    policy: string;
    message: string;
  }>;
  /** Catalog components (`backstage.io/kubernetes-id`) the change affects, and their owning team. */
  components: string[];
  owners: string[];
}

/**
 * The monthly cost delta of a change, from requests × replicas at the cluster's prices.
 *
 * @public
 */
export interface CostForecast {
  currency: string;
  /** Monthly cost of the changed workloads before the change (min..max over the HPA range). */
  before: { min: number; max: number };
  after: { min: number; max: number };
  /** `after - before`, min and max. */
  delta: { min: number; max: number };
  /** Per workload, `Kind/name` with its delta. */
  workloads: Array<{
    workload: string;
    before: { min: number; max: number };
    after: { min: number; max: number };
  }>;
  /** The owning team's budget after the change, when it has one. */
  budget?: {
    team: string;
    budget: number;
    projected: number;
    projectedAfter: number;
    over: boolean;
  };
}

/**
 * Blast radius and cost forecast of a change, shown before it is applied.
 *
 * @public
 */
export interface ChangeImpact {
  blastRadius: BlastRadius;
  cost?: CostForecast;
  /** Why some of the impact could not be computed (no price table, pods not readable, …). */
  notes: string[];
}

/**
 * The query of a revision list: how many, and which component.
 *
 * @public
 */
export const revisionListQuery = z.object({
  component: z
    .string()
    .max(253, 'component: at most 253 characters')
    .optional(),
  limit: z.coerce
    .number()
    .int('limit: a whole number')
    .min(1, 'limit: at least 1')
    .max(500, 'limit: at most 500')
    .default(50),
  before: z.coerce
    .number()
    .int('before: a revision number')
    .min(1, 'before: a revision number from 1')
    .optional(),
});

/**
 * The query of a diff between two revisions of one environment.
 *
 * @public
 */
export const revisionDiffQuery = z.object({
  from: z.coerce
    .number()
    .int('from: a revision number')
    .min(1, 'from: a revision number from 1'),
  to: z.coerce
    .number()
    .int('to: a revision number')
    .min(1, 'to: a revision number from 1'),
});

/**
 * The body of a rollback: restore the revision's objects of one component (or all of them), wait for the
 * rollout, and for a change the caller may only propose, an optional note for the lead.
 *
 * @public
 */
export const rollbackBodySchema = z.object({
  component: z
    .string()
    .max(253, 'component: at most 253 characters')
    .optional(),
  wait: z.boolean().default(true),
  timeoutSeconds: z
    .number()
    .int('timeoutSeconds: a whole number of seconds')
    .min(1, 'timeoutSeconds: at least 1')
    .max(1800, 'timeoutSeconds: at most 1800')
    .default(300),
  note: z.string().max(2000, 'note: at most 2000 characters').optional(),
});

const revisionObjectSchema = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z
      .object({
        name: z.string().min(1),
        namespace: z.string().optional(),
      })
      .passthrough(),
  })
  .passthrough();

/**
 * The body with which another backend plugin (the scaffolder module) records a revision of a change it
 * applied. Secret values are dropped by the server before storing.
 *
 * @public
 */
export const revisionRecordSchema = z.object({
  cluster: z.string().min(1, 'cluster: give the cluster name'),
  namespace: z.string().min(1, 'namespace: give the namespace'),
  actor: z.string().min(1, 'actor: give the user ref'),
  source: z.object({
    kind: z.enum([
      'apply',
      'golden-path',
      'clone',
      'approval',
      'rollback',
      'reapply',
    ]),
    template: z.string().max(1000).optional(),
    taskId: z.string().max(255).optional(),
    approvalId: z.string().max(255).optional(),
    restores: z.number().int().min(1).optional(),
  }),
  outcome: z.enum(['applied', 'failed']),
  message: z.string().max(20000).optional(),
  manifests: z
    .array(revisionObjectSchema)
    .min(1, 'manifests: a revision holds at least one object')
    .max(2000),
  results: z
    .array(
      z.object({
        kind: z.string(),
        name: z.string(),
        result: z.enum(['created', 'configured', 'unchanged', 'pruned']),
      }),
    )
    .max(4000)
    .default([]),
  diff: z.string().max(5_000_000).default(''),
});

/**
 * A revision as recorded by another backend plugin.
 *
 * @public
 */
export type RevisionRecord = z.input<typeof revisionRecordSchema>;

/**
 * The body of a budget check: the monthly cost delta a change would add to an environment's team.
 *
 * @public
 */
export const budgetCheckBodySchema = z.object({
  monthlyDelta: z
    .number()
    .finite('monthlyDelta: a number')
    .min(-1e9)
    .max(1e9, 'monthlyDelta: at most 1e9'),
});

/**
 * Whether a change's monthly cost delta pushes the environment's team over its budget, and whether that
 * needs a team lead's approval (`paved.changes.overBudget`: `approval` by default, or `warn`).
 *
 * @public
 */
export interface BudgetCheck {
  team: string;
  /** Absent when the team has no budget. */
  budget?: NonNullable<CostForecast['budget']>;
  requiresApproval: boolean;
  message?: string;
}

/**
 * The body of a golden path's change preview: the environment, the app spec as the template's form builds
 * it, and the expert patches as YAML or JSON text.
 *
 * @public
 */
export const changePreviewBodySchema = z.object({
  cluster: z
    .string()
    .min(1, 'cluster: give the cluster name')
    .max(253, 'cluster: at most 253 characters'),
  namespace: z
    .string()
    .min(1, 'namespace: choose the environment (namespace) to deploy to')
    .max(63, 'namespace: at most 63 characters'),
  spec: z.record(z.unknown(), {
    invalid_type_error: 'spec: give the app spec as an object',
    required_error: 'spec: give the app spec',
  }),
  patches: z
    .string()
    .max(256 * 1024, 'patches: at most 256 KiB of text')
    .optional(),
});

/**
 * What a golden path's change would do, before anything is applied: the dry run's diff and per-object
 * results, its blast radius and cost forecast, and whether a team lead approves it. Secret values are
 * never included.
 *
 * @public
 */
export interface ChangePreview {
  /** Unified diff of every changed object, live vs. the change. */
  diff: string;
  /** What each object would become. */
  results: Array<{
    kind: string;
    name: string;
    result: 'created' | 'configured' | 'unchanged';
  }>;
  impact?: ChangeImpact;
  warnings: string[];
  /** The change becomes a change request a team lead approves (a protected environment, or over budget). */
  needsApproval: boolean;
}
