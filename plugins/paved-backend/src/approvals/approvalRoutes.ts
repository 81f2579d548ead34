import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { z } from 'zod/v3';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { ApprovalService } from './ApprovalService';
import { approvalView } from './approvalView';
import { kubernetesNameSchema } from '@paved/plugin-paved-common';
import { Access, parseInput } from '../http';

/** A namespace or environment name in `field`, exactly as Kubernetes stores it (the one check every entry point uses). */
const k8sName = (field: string) => kubernetesNameSchema(field, 'label');

const origin = {
  taskId: z.string().max(200).optional(),
  entityRef: z.string().max(300).optional(),
};

const applyRequest = z.object({
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
  wait: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  /** The requester's words, kept as their note; the summary is made by the server from the objects. */
  note: z.string().max(500).optional(),
  /** Older name of `note`; never used as the summary. */
  summary: z.string().max(500).optional(),
  ...origin,
});

const cloneRequest = z.object({
  kind: z.literal('environment-clone'),
  cluster: z.string().min(1),
  source: k8sName('source'),
  name: k8sName('name'),
  team: z.string().min(1).optional(),
  size: z.string().min(1).default('small'),
  lifecycle: z.enum(['persistent', 'ephemeral']).default('persistent'),
  ttlHours: z.number().int().positive().optional(),
  replicas: z.number().int().min(0).optional(),
  secretPolicy: z.enum(['placeholder', 'copy', 'skip']).default('placeholder'),
  hostRewrite: z.object({ from: z.string(), to: z.string() }).optional(),
  wait: z.boolean().default(true),
  timeoutSeconds: z.number().int().min(1).max(3600).default(300),
  ...origin,
});

const newRequest = z.discriminatedUnion('kind', [applyRequest, cloneRequest], {
  errorMap: (issue, ctx) =>
    issue.code === 'invalid_union_discriminator'
      ? { message: 'kind: "apply" or "environment-clone"' }
      : { message: ctx.defaultError },
});

const decisionBody = z.object({
  decision: z.enum(['approve', 'reject'], {
    errorMap: () => ({ message: 'decision: "approve" or "reject"' }),
  }),
  comment: z.string().max(2000).optional(),
  /** The digest of the review the approver accepts, after a 409 that asked for it. */
  confirm: z
    .string()
    .regex(
      /^[0-9a-f]{64}$/,
      'confirm: the digest from the review (64 hex digits)',
    )
    .optional(),
});

const auditEvent = z.object({
  actor: z.string().min(1),
  action: z.string().min(1).max(100),
  outcome: z.enum(['succeeded', 'failed', 'refused', 'requested']),
  cluster: z.string().max(200).optional(),
  namespace: z.string().max(200).optional(),
  target: z.string().max(1000).optional(),
  message: z.string().max(4000).optional(),
  details: z.record(z.unknown()).optional(),
});

const parse = <T extends z.ZodTypeAny>(schema: T, value: unknown) =>
  parseInput(schema, value, 'body');

/**
 * Adds the approval and audit trail routes:
 * `GET|POST /approvals`, `GET /approvals/:id`, `POST /approvals/:id/decision` (`{ decision, comment?, confirm? }`;
 * an approval whose change differs from the requested one or removes fields answers 409 with `error.review`
 * and runs only when sent again with `confirm: review.digest`), `GET /audit` (platform admins),
 * `POST /audit/events` (other backend plugins recording their mutations).
 */
export function addApprovalRoutes(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    access: Access;
    approvals: ApprovalService;
    trail: AuditTrailStore;
  },
) {
  const { httpAuth, userInfo, access, approvals, trail } = deps;

  async function caller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return {
      credentials,
      identity: await clusterIdentityOf(userInfo, credentials),
    };
  }

  router.get('/approvals', async (req, res) => {
    const { credentials, identity } = await caller(req);
    const filter = parse(
      z.object({
        status: z
          .enum(['pending', 'approved', 'rejected', 'expired'])
          .optional(),
        cluster: z.string().optional(),
        namespace: k8sName('namespace').optional(),
      }),
      req.query,
    );
    res.json({
      requests: (
        await approvals.list(credentials, identity.groups, filter)
      ).map(approvalView),
    });
  });

  router.get('/approvals/:id', async (req, res) => {
    const { credentials, identity } = await caller(req);
    res.json(
      approvalView(
        await approvals.get(credentials, identity.groups, req.params.id),
      ),
    );
  });

  router.post('/approvals', async (req, res) => {
    const { credentials, identity } = await caller(req);
    const body = parse(newRequest, req.body);
    if (body.kind === 'environment-clone') {
      const { kind: _kind, ...clone } = body;
      res
        .status(201)
        .json(
          approvalView(
            await approvals.requestClone(credentials, identity, clone),
          ),
        );
      return;
    }
    const { kind: _kind, summary, note, ...change } = body;
    const requesterNote = note ?? summary;
    res.status(201).json(
      approvalView(
        await approvals.request(credentials, identity, {
          ...change,
          ...(requesterNote ? { note: requesterNote } : {}),
          manifests: change.manifests as any,
        }),
      ),
    );
  });

  router.post('/approvals/:id/decision', async (req, res) => {
    const { credentials, identity } = await caller(req);
    const body = parse(decisionBody, req.body);
    res.json(
      approvalView(
        await approvals.decide(
          credentials,
          identity,
          req.params.id,
          body.decision,
          body.comment,
          body.confirm,
        ),
      ),
    );
  });

  router.get('/audit', async (req, res) => {
    await access.requirePlatformAdmin(
      req,
      'Only platform admins may read the audit trail (paved.platform.admin)',
    );
    const query = parse(
      z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.string().optional(),
        actor: z.string().optional(),
        cluster: z.string().optional(),
        namespace: k8sName('namespace').optional(),
      }),
      req.query,
    );
    res.json(await trail.list(query));
  });

  router.post('/audit/events', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const event = parse(auditEvent, req.body);
    res.status(201).json(await trail.record(event as any));
  });
}
