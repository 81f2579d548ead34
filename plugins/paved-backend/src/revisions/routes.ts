import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { revisionRoutes } from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { EntityRoutes, bindRoute } from '../http';
import { BudgetChecker } from './BudgetChecker';
import { DriftService } from './DriftService';
import { RevisionService, revisionNumber } from './RevisionService';

/**
 * The change-safety routes: an entity's revisions and drift (`paved.entity.read` on it), an environment's
 * revisions, one revision and the diff of two (its team and platform admins), rollbacks (the tiers of an
 * apply), recording a revision (other backend plugins only) and the budget check of a change.
 */
export function addRevisionRoutes(
  router: express.Router,
  entity: EntityRoutes,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    revisions: RevisionService;
    drift: DriftService;
    budgets: BudgetChecker;
  },
) {
  const { httpAuth, userInfo, revisions, drift, budgets } = deps;

  async function caller(req: express.Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return {
      credentials,
      identity: await clusterIdentityOf(userInfo, credentials),
    };
  }
  const place = (req: express.Request) => ({
    cluster: req.params.cluster,
    namespace: req.params.namespace,
  });

  entity.json(
    revisionRoutes.entityRevisions,
    'platformDetails',
    async ({ entity: target, identity, query }) =>
      revisions.entityRevisions(target, identity, query),
  );
  entity.json(
    revisionRoutes.entityDrift,
    'platformDetails',
    async ({ entity: target, identity }) => drift.entityDrift(target, identity),
  );
  bindRoute(
    router,
    revisionRoutes.environmentRevisions,
    async (req, { query }) =>
      revisions.environmentRevisions(await caller(req), place(req), query),
  );
  bindRoute(router, revisionRoutes.get, async req =>
    revisions.get(
      await caller(req),
      place(req),
      revisionNumber(req.params.revision),
    ),
  );
  bindRoute(router, revisionRoutes.diff, async (req, { query }) =>
    revisions.diff(await caller(req), place(req), query.from, query.to),
  );
  bindRoute(router, revisionRoutes.rollback, async (req, { body }) =>
    revisions.rollback(
      await caller(req),
      place(req),
      revisionNumber(req.params.revision),
      body,
    ),
  );
  bindRoute(router, revisionRoutes.record, async (req, { body }) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    return revisions.record(body);
  });
  bindRoute(router, revisionRoutes.budgetCheck, async (req, { body }) =>
    budgets.check(await caller(req), place(req), body.monthlyDelta),
  );
}
