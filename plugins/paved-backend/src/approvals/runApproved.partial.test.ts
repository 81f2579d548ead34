import { mockServices } from '@backstage/backend-test-utils';
import { PartialApplyError } from '@paved/plugin-paved-node';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { AuditTrailStore } from '../audit/AuditTrailStore';
import { ApprovalStore } from './ApprovalStore';
import { StoredApproval } from './kinds/ApprovalKind';
import { runApproved } from './runApproved';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const cm = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  namespace: 'checkout-prod',
  name,
});

describe('an approved change that fails part of the way', () => {
  const databases = createTestDatabases();

  it('records in the request’s outcome and in the audit trail which objects were applied and which were not', async () => {
    const database = await testDatabaseService(databases, 'SQLITE_3');
    const store = await ApprovalStore.create({ database });
    const trail = await AuditTrailStore.create({ database });
    const now = new Date();
    const created = await store.createRequest({
      kind: 'apply',
      cluster: 'three',
      namespace: 'checkout-prod',
      team: 'group:default/team-checkout',
      requestedBy: 'user:default/bob',
      summary: 'Update settings',
      diff: '',
      payload: { manifests: [] },
      requestedAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    });
    const approved = await store.decide(created.id, {
      decision: 'approve',
      decidedBy: ALICE,
      now: new Date(now.getTime() + 1000),
    });
    const stored = {
      runAudit: { action: 'kubernetes.apply' },
    } as Partial<StoredApproval> as StoredApproval;
    const failure = new PartialApplyError(
      {
        cluster: 'three',
        applied: [{ ...cm('settings'), result: 'configured' }],
        failed: [
          {
            ref: cm('flags'),
            reason: 'applying ConfigMap checkout-prod/flags: no answer',
            mayHaveApplied: true,
          },
        ],
        notAttempted: [],
      },
      new Error('no answer'),
    );

    const outcome = await runApproved(
      {
        store,
        logger: mockServices.logger.mock(),
        audit: { trail },
      },
      approved,
      stored,
      { user: ALICE, groups: [] },
      async () => {
        throw failure;
      },
    );

    expect(outcome.outcome).toBe('failed');
    expect(outcome.outcomeMessage).toBe(failure.message);
    expect(outcome.outcomeMessage).toContain(
      'Apply to cluster three failed after 1 of 2 object(s); applied: ConfigMap checkout-prod/settings; not applied: ConfigMap checkout-prod/flags',
    );
    const { events } = await trail.list();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'kubernetes.apply',
      outcome: 'failed',
      details: {
        approvalId: created.id,
        applied: ['ConfigMap checkout-prod/settings configured'],
        notApplied: ['ConfigMap checkout-prod/flags'],
        failed: [
          {
            object: 'ConfigMap checkout-prod/flags',
            reason: 'applying ConfigMap checkout-prod/flags: no answer',
            mayHaveApplied: true,
          },
        ],
      },
    });
  });
});
