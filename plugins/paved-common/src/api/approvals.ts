import { z } from 'zod/v3';
import { kubernetesNameSchema } from '../names';
import { secretValuesBodySchema } from './secrets';

/** A namespace or environment name in `field`, exactly as Kubernetes stores it. */
const k8sName = (field: string) => kubernetesNameSchema(field, 'label');

/** Where a request comes from, when a scaffolder task or a catalog entity asked for it. */
const origin = {
  taskId: z.string().max(200).optional(),
  entityRef: z.string().max(300).optional(),
};

/** How long an approved change waits for its rollout, and whether it does. */
const rollout = {
  wait: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
};

/**
 * The body of `POST /api/paved/approvals` with `kind: apply`: manifests to apply to one protected
 * environment once a team lead approves. The server makes the summary and the diff from the objects.
 *
 * @public
 */
export const applyApprovalRequestSchema = z.object({
  kind: z.literal('apply'),
  cluster: z.string().min(1),
  namespace: k8sName('namespace'),
  manifests: z
    .array(
      z
        .object({
          apiVersion: z.string(),
          kind: z.string(),
          metadata: z.object({ name: z.string() }).passthrough(),
        })
        .passthrough(),
    )
    .min(1, 'manifests: give at least one object')
    .max(500),
  force: z.boolean().default(false),
  ...rollout,
  /** The requester's words, kept as their note; the summary is made by the server from the objects. */
  note: z.string().max(500).optional(),
  /** Older name of `note`; never used as the summary. */
  summary: z.string().max(500).optional(),
  /**
   * Why the change needs a lead: `protected-environment` (default; the requester may only propose changes
   * there), or `over-budget` (its cost forecast pushes the team over its monthly budget; checked again by the
   * server).
   */
  reason: z
    .enum(['protected-environment', 'over-budget'])
    .default('protected-environment'),
  ...origin,
});

/**
 * An apply request as the server reads it (defaults filled in).
 *
 * @public
 */
export type ApplyApprovalRequest = z.output<typeof applyApprovalRequestSchema>;

/**
 * The change an apply request records: the request without its `kind` and the older `summary` field (the
 * requester's words travel as `note`).
 *
 * @public
 */
export type ApplyApprovalChange = Omit<
  ApplyApprovalRequest,
  'kind' | 'summary'
>;

/**
 * The body of `POST /api/paved/approvals` with `kind: environment-clone`: a clone into a new protected
 * environment, sent by `kubernetes:environment:clone` for a user who may only propose it.
 * `secretPolicy: copy` is refused: a request waiting for approval never stores secret values.
 *
 * @public
 */
export const environmentCloneApprovalRequestSchema = z.object({
  kind: z.literal('environment-clone'),
  cluster: z.string().min(1),
  /** Namespace of the environment to clone. */
  source: k8sName('source'),
  /** Name of the new environment, e.g. `production-eu`. */
  name: k8sName('name'),
  /** Owning team of the new environment; defaults to the source's. */
  team: z.string().min(1).optional(),
  size: z.string().min(1).default('small'),
  lifecycle: z.enum(['persistent', 'ephemeral']).default('persistent'),
  ttlHours: z.number().int().positive().optional(),
  replicas: z.number().int().min(0).optional(),
  secretPolicy: z.enum(['placeholder', 'copy', 'skip']).default('placeholder'),
  hostRewrite: z.object({ from: z.string(), to: z.string() }).optional(),
  ...rollout,
  ...origin,
});

/**
 * A clone request as the server reads it (defaults filled in).
 *
 * @public
 */
export type EnvironmentCloneApprovalRequest = z.output<
  typeof environmentCloneApprovalRequestSchema
>;

/**
 * The body of `POST /api/paved/approvals`: one of the kinds of change Paved holds for approval, told apart
 * by `kind`.
 *
 * @public
 */
export const approvalRequestBodySchema = z.discriminatedUnion(
  'kind',
  [applyApprovalRequestSchema, environmentCloneApprovalRequestSchema],
  {
    errorMap: (issue, ctx) =>
      issue.code === 'invalid_union_discriminator'
        ? { message: 'kind: "apply" or "environment-clone"' }
        : { message: ctx.defaultError },
  },
);

/**
 * The body of `POST /api/paved/approvals/:id/decision`. `confirm` is the digest of the review the approver
 * accepts, sent again after a 409 answer that asked for it.
 *
 * @public
 */
export const approvalDecisionBodySchema = z.object({
  decision: z.enum(['approve', 'reject'], {
    errorMap: () => ({ message: 'decision: "approve" or "reject"' }),
  }),
  comment: z.string().max(2000).optional(),
  confirm: z
    .string()
    .regex(
      /^[0-9a-f]{64}$/,
      'confirm: the digest from the review (64 hex digits)',
    )
    .optional(),
  /**
   * For a `secret-values` request: the value of every requested key, entered by the approving lead
   * (write-only: never stored, logged or answered).
   */
  values: secretValuesBodySchema.shape.values.optional(),
});

/**
 * The body of `POST /api/paved/approvals/:id/confirmation`: the requester's answer, in Backstage, to a change
 * an AI agent asked for on their behalf. `confirm` lets it run (or, for a protected environment, go to a
 * team lead); `cancel` withdraws it.
 *
 * @public
 */
export const agentConfirmationBodySchema = z.object({
  decision: z.enum(['confirm', 'cancel'], {
    errorMap: () => ({ message: 'decision: "confirm" or "cancel"' }),
  }),
  /** The digest of the review the requester accepts, after a 409 answer that asked for it. */
  confirm: z
    .string()
    .regex(
      /^[0-9a-f]{64}$/,
      'confirm: the digest from the review (64 hex digits)',
    )
    .optional(),
});

/**
 * The requester's answer to an agent's change request.
 *
 * @public
 */
export type AgentConfirmationBody = z.output<
  typeof agentConfirmationBodySchema
>;

/**
 * A team lead's decision on an approval request.
 *
 * @public
 */
export type ApprovalDecisionBody = z.output<typeof approvalDecisionBodySchema>;

/**
 * The query of `GET /api/paved/approvals`: the requests the caller may see, optionally of one status,
 * cluster or namespace.
 *
 * @public
 */
export const approvalListQuerySchema = z.object({
  status: z.enum(['pending', 'approved', 'rejected', 'expired']).optional(),
  /** `agent`: only the requests AI agents made over MCP. */
  origin: z
    .enum(['agent'], { errorMap: () => ({ message: 'origin: "agent"' }) })
    .optional(),
  /** `true`: only the caller's own requests. */
  mine: z
    .enum(['true', 'false'], {
      errorMap: () => ({ message: 'mine: "true" or "false"' }),
    })
    .optional(),
  cluster: z.string().optional(),
  namespace: k8sName('namespace').optional(),
});
