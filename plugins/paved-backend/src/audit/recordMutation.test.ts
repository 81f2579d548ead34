import {
  recordMutation,
  recordMutationOutcome,
} from '@paved/plugin-paved-node';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  createTestDatabases,
  testDatabaseService,
} from '../__testUtils__/testDatabases';
import { AuditTrailStore } from './AuditTrailStore';

jest.setTimeout(60_000);

const BOB = 'user:default/bob';

describe('recordMutation', () => {
  const databases = createTestDatabases();

  async function setup(databaseId: TestDatabaseId) {
    const trail = await AuditTrailStore.create({
      database: await testDatabaseService(databases, databaseId),
    });
    const event = { success: jest.fn(), fail: jest.fn() };
    const auditor = mockServices.auditor.mock({
      createEvent: jest.fn(async () => event),
    });
    const logger = mockServices.logger.mock();
    return { trail, auditor, logger, event, deps: { trail, auditor, logger } };
  }

  const apply = {
    action: 'kubernetes.apply',
    actor: BOB,
    cluster: 'local',
    namespace: 'checkout-dev',
    target: 'Deployment/checkout',
    details: { objects: 1 },
  } as const;

  it.each(databases.eachSupportedId())(
    'records a successful mutation in the auditor and the trail on %s',
    async databaseId => {
      const { deps, auditor, event, trail } = await setup(databaseId);

      const result = await recordMutation(
        deps,
        apply,
        async () => ({ applied: ['Deployment/checkout'] }),
        r => ({
          message: `${r.applied.length} object(s) applied`,
          details: { applied: r.applied },
        }),
      );

      expect(result).toEqual({ applied: ['Deployment/checkout'] });
      expect(auditor.createEvent).toHaveBeenCalledWith({
        eventId: 'kubernetes-apply',
        severityLevel: 'medium',
        meta: {
          actor: BOB,
          cluster: 'local',
          namespace: 'checkout-dev',
          target: 'Deployment/checkout',
          details: { objects: 1 },
        },
      });
      expect(event.success).toHaveBeenCalledWith({
        meta: {
          outcome: 'succeeded',
          result: { applied: ['Deployment/checkout'] },
        },
      });
      expect(event.fail).not.toHaveBeenCalled();
      const { events } = await trail.list();
      expect(events).toEqual([
        expect.objectContaining({
          action: 'kubernetes.apply',
          actor: BOB,
          cluster: 'local',
          namespace: 'checkout-dev',
          target: 'Deployment/checkout',
          outcome: 'succeeded',
          message: '1 object(s) applied',
          details: { objects: 1, applied: ['Deployment/checkout'] },
        }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'records a change that became an approval request on %s',
    async databaseId => {
      const { deps, event, trail } = await setup(databaseId);
      await recordMutation(
        deps,
        { ...apply, namespace: 'checkout-prod' },
        async () => 'request-id',
        id => ({ outcome: 'requested', message: `Approval request ${id}` }),
      );
      expect(event.success).toHaveBeenCalledWith({
        meta: { outcome: 'requested' },
      });
      const { events } = await trail.list();
      expect(events[0]).toMatchObject({
        outcome: 'requested',
        message: 'Approval request request-id',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'records failures and refusals and passes the error on, on %s',
    async databaseId => {
      const { deps, event, trail } = await setup(databaseId);
      const broken = new Error('connection reset');
      await expect(
        recordMutation(deps, apply, async () => {
          throw broken;
        }),
      ).rejects.toBe(broken);
      expect(event.fail).toHaveBeenCalledWith({
        error: broken,
        meta: { outcome: 'failed' },
      });

      for (const refusal of [
        new NotAllowedError('bob may not deploy to checkout-prod'),
        new InputError('1 guardrail violation(s); nothing was applied'),
      ]) {
        await expect(
          recordMutation(deps, apply, async () => {
            throw refusal;
          }),
        ).rejects.toBe(refusal);
      }

      const { events } = await trail.list();
      expect(events.map(e => [e.outcome, e.message])).toEqual([
        ['refused', '1 guardrail violation(s); nothing was applied'],
        ['refused', 'bob may not deploy to checkout-prod'],
        ['failed', 'connection reset'],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the result when the record cannot be written, and logs it, on %s',
    async databaseId => {
      const { deps, logger } = await setup(databaseId);
      const trail = {
        record: jest.fn().mockRejectedValue(new Error('database is down')),
      };

      await expect(
        recordMutation({ ...deps, trail }, apply, async () => 'done'),
      ).resolves.toBe('done');
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(
          /Could not record the audit trail entry of kubernetes.apply by user:default\/bob \(outcome succeeded\): Error: database is down/,
        ),
        expect.objectContaining({ action: 'kubernetes.apply', actor: BOB }),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'records mutations whose outcome is already known on %s',
    async databaseId => {
      const { deps, auditor, event, trail } = await setup(databaseId);

      await recordMutationOutcome(deps, {
        action: 'environment.cleanup',
        actor: 'plugin:paved',
        cluster: 'local',
        namespace: 'checkout-pr-12',
        outcome: 'succeeded',
        message: 'Expired ephemeral environment deleted',
      });
      await recordMutationOutcome(deps, {
        action: 'approval.approve',
        actor: BOB,
        cluster: 'local',
        namespace: 'checkout-prod',
        outcome: 'refused',
        error: new NotAllowedError('bob cannot approve his own request'),
        severityLevel: 'high',
      });

      expect(auditor.createEvent).toHaveBeenNthCalledWith(1, {
        eventId: 'environment-cleanup',
        severityLevel: 'medium',
        meta: {
          actor: 'plugin:paved',
          cluster: 'local',
          namespace: 'checkout-pr-12',
        },
      });
      expect(auditor.createEvent).toHaveBeenNthCalledWith(
        2,
        expect.objectContaining({
          eventId: 'approval-approve',
          severityLevel: 'high',
        }),
      );
      expect(event.success).toHaveBeenCalledWith({
        meta: { outcome: 'succeeded' },
      });
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({
          name: 'NotAllowedError',
          message: 'bob cannot approve his own request',
        }),
        meta: { outcome: 'refused' },
      });
      const { events } = await trail.list();
      expect(events.map(e => [e.action, e.outcome, e.message])).toEqual([
        ['approval.approve', 'refused', 'bob cannot approve his own request'],
        [
          'environment.cleanup',
          'succeeded',
          'Expired ephemeral environment deleted',
        ],
      ]);
    },
  );
});
