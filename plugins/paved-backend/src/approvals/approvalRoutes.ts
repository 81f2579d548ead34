import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { approvalRoutes, auditRoutes } from '@paved/plugin-paved-common';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { Access, bindRoute } from '../http';
import { ApprovalService } from './ApprovalService';

/**
 * Adds the approval and audit trail routes:
 * `GET|POST /approvals` (`?origin=agent&mine=true` for the caller's agent requests), `GET /approvals/:id`,
 * `POST /approvals/:id/confirmation` (the requester confirms or cancels what an AI agent asked for), `POST /approvals/:id/decision` (`{ decision, comment?, confirm? }`;
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

  bindRoute(router, approvalRoutes.list, async (req, { query }) => {
    const { credentials, identity } = await caller(req);
    const { mine, ...filter } = query;
    const requests = await approvals.list(
      identity.groups,
      {
        ...filter,
        ...(mine === 'true' ? { requestedBy: identity.user } : {}),
      },
      await access.isPlatformAdmin(req, credentials),
    );
    return { requests: requests.map(r => approvals.view(r)) };
  });

  bindRoute(router, approvalRoutes.get, async req => {
    const { credentials, identity } = await caller(req);
    return approvals.view(
      await approvals.get(credentials, identity.groups, req.params.id),
    );
  });

  bindRoute(router, approvalRoutes.request, async (req, { body }) => {
    const { credentials, identity } = await caller(req);
    if (body.kind === 'environment-clone') {
      const { kind: _kind, ...clone } = body;
      return approvals.view(
        await approvals.requestClone(credentials, identity, clone),
      );
    }
    const { kind: _kind, summary, note, ...change } = body;
    const requesterNote = note ?? summary;
    return approvals.view(
      await approvals.request(credentials, identity, {
        ...change,
        ...(requesterNote ? { note: requesterNote } : {}),
      }),
    );
  });

  bindRoute(router, approvalRoutes.decide, async (req, { body }) => {
    const { credentials, identity } = await caller(req);
    return approvals.view(
      await approvals.decide(
        credentials,
        identity,
        req.params.id,
        body.decision,
        body.comment,
        body.confirm,
        body.values,
      ),
    );
  });

  bindRoute(router, approvalRoutes.confirm, async (req, { body }) => {
    const { credentials, identity } = await caller(req);
    // a token a backend plugin forwards for the user (an MCP tool call's) never confirms: only the user does
    const { actor } = credentials.principal as { actor?: { subject: string } };
    if (actor) {
      throw new NotAllowedError(
        `A change an agent asked for is confirmed by ${identity.user} in Backstage, not through ${actor.subject}`,
      );
    }
    return approvals.view(
      await approvals.confirm(
        credentials,
        identity,
        req.params.id,
        body.decision,
        body.confirm,
      ),
    );
  });

  bindRoute(router, auditRoutes.list, async (req, { query }) => {
    await access.requirePlatformAdmin(
      req,
      'Only platform admins may read the audit trail (paved.platform.admin)',
    );
    return trail.list(query);
  });

  bindRoute(router, auditRoutes.record, async (req, { body }) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    return trail.record(body);
  });
}
