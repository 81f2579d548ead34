import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import {
  approvalDecisionBodySchema,
  approvalListQuerySchema,
  approvalRequestBodySchema,
  auditEntrySchema,
  auditTrailQuerySchema,
  parseInput,
} from '@paved/plugin-paved-common';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { Access } from '../http';
import { ApprovalService } from './ApprovalService';

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
    const filter = parseInput(approvalListQuerySchema, req.query, 'query');
    res.json({
      requests: (
        await approvals.list(credentials, identity.groups, filter)
      ).map(r => approvals.view(r)),
    });
  });

  router.get('/approvals/:id', async (req, res) => {
    const { credentials, identity } = await caller(req);
    res.json(
      approvals.view(
        await approvals.get(credentials, identity.groups, req.params.id),
      ),
    );
  });

  router.post('/approvals', async (req, res) => {
    const { credentials, identity } = await caller(req);
    const body = parseInput(approvalRequestBodySchema, req.body, 'body');
    if (body.kind === 'environment-clone') {
      const { kind: _kind, ...clone } = body;
      res
        .status(201)
        .json(
          approvals.view(
            await approvals.requestClone(credentials, identity, clone),
          ),
        );
      return;
    }
    const { kind: _kind, summary, note, ...change } = body;
    const requesterNote = note ?? summary;
    res.status(201).json(
      approvals.view(
        await approvals.request(credentials, identity, {
          ...change,
          ...(requesterNote ? { note: requesterNote } : {}),
        }),
      ),
    );
  });

  router.post('/approvals/:id/decision', async (req, res) => {
    const { credentials, identity } = await caller(req);
    const body = parseInput(approvalDecisionBodySchema, req.body, 'body');
    res.json(
      approvals.view(
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
    const query = parseInput(auditTrailQuerySchema, req.query, 'query');
    res.json(await trail.list(query));
  });

  router.post('/audit/events', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const entry = parseInput(auditEntrySchema, req.body, 'body');
    res.status(201).json(await trail.record(entry));
  });
}
