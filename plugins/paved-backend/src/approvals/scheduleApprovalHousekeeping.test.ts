import { mockServices } from '@backstage/backend-test-utils';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { ApprovalStore } from './ApprovalStore';
import {
  INTERRUPTED_AFTER_SECONDS,
  approvalHousekeeping,
} from './scheduleApprovalHousekeeping';

jest.setTimeout(60_000);

const T0 = new Date('2026-11-21T10:00:00.000Z');
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);

describe('approval housekeeping', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'expires stale requests and fails interrupted runs, with an audit trail entry, on %s',
    async databaseId => {
      const database = await testDatabaseService(databases, databaseId);
      const store = await ApprovalStore.create({ database });
      const trail = await AuditTrailStore.create({ database });
      const base = {
        kind: 'apply',
        cluster: 'local',
        namespace: 'checkout-production',
        team: 'group:default/team-checkout',
        requestedBy: 'user:default/bob',
        summary: 'ConfigMap settings created',
        diff: '+ name: settings',
        payload: { manifests: [] },
        requestedAt: T0,
      };
      const stale = await store.createRequest({
        ...base,
        expiresAt: seconds(60),
      });
      const approved = await store.createRequest({
        ...base,
        expiresAt: seconds(86_400),
      });
      await store.decide(approved.id, {
        decision: 'approve',
        decidedBy: 'user:default/alice',
        now: seconds(10),
      });

      // within the run's allowance nothing happens to the approved one
      const early = await approvalHousekeeping({
        store,
        trail,
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
        now: seconds(10 + INTERRUPTED_AFTER_SECONDS - 1),
      });
      expect(early).toEqual({ expired: 1, resumed: 0, interrupted: 0 });

      const late = await approvalHousekeeping({
        store,
        trail,
        auditor: mockServices.auditor.mock(),
        logger: mockServices.logger.mock(),
        now: seconds(10 + INTERRUPTED_AFTER_SECONDS + 1),
      });
      expect(late).toEqual({ expired: 0, resumed: 0, interrupted: 1 });
      expect((await store.get(stale.id, { now: seconds(0) }))?.status).toBe(
        'expired',
      );
      expect(await store.get(approved.id)).toMatchObject({
        status: 'approved',
        outcome: 'failed',
      });
      const { events } = await trail.list({ namespace: 'checkout-production' });
      expect(
        events.map(e => [e.action, e.actor, e.outcome, e.details?.approvalId]),
      ).toEqual([['kubernetes.apply', 'plugin:paved', 'failed', approved.id]]);
    },
  );
});
