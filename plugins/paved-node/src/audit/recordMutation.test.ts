import { mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuditEntry } from '@paved/plugin-paved-common';
import { GuardrailError } from '../apply/guardrailGate';
import { outcomeOfError, recordMutation } from './recordMutation';

const BOB = 'user:default/bob';

function setup() {
  const event = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => event),
  });
  const entries: AuditEntry[] = [];
  const trail = { record: jest.fn(async (e: AuditEntry) => entries.push(e)) };
  return { event, auditor, trail, entries };
}

describe('recordMutation', () => {
  it('records the auditor event and one trail entry, secrets redacted in the auditor meta', async () => {
    const { event, auditor, trail, entries } = setup();
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      data: { password: 'aHVudGVyMg==' },
    };

    await expect(
      recordMutation(
        { auditor, trail },
        {
          eventId: 'environment-create',
          action: 'environment.create',
          actor: BOB,
          cluster: 'local',
          details: { objects: [secret] },
        },
        async () => 'created',
        () => ({ message: 'done', details: { team: 'team-checkout' } }),
      ),
    ).resolves.toBe('created');

    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'environment-create',
      severityLevel: 'medium',
      meta: {
        actor: BOB,
        cluster: 'local',
        details: {
          objects: [
            expect.objectContaining({
              data: { password: expect.not.stringContaining('aHVudGVyMg') },
            }),
          ],
        },
      },
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: { outcome: 'succeeded', result: { team: 'team-checkout' } },
    });
    expect(entries).toEqual([
      {
        action: 'environment.create',
        actor: BOB,
        cluster: 'local',
        outcome: 'succeeded',
        message: 'done',
        details: { objects: [secret], team: 'team-checkout' },
      },
    ]);
  });

  it('counts guardrails, permissions and input as refusals and anything else as a failure', () => {
    expect(outcomeOfError(new GuardrailError([]))).toBe('refused');
    expect(outcomeOfError(new NotAllowedError('no'))).toBe('refused');
    expect(outcomeOfError(new Error('connection reset'))).toBe('failed');
    expect(outcomeOfError('a string')).toBe('failed');
  });

  it('records a refusal and passes the error on', async () => {
    const { event, auditor, trail, entries } = setup();
    const refusal = new NotAllowedError('bob may not deploy to checkout-prod');

    await expect(
      recordMutation(
        { auditor, trail },
        { action: 'kubernetes.apply', actor: BOB },
        async () => {
          throw refusal;
        },
      ),
    ).rejects.toBe(refusal);

    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'kubernetes-apply' }),
    );
    expect(event.fail).toHaveBeenCalledWith({
      error: refusal,
      meta: { outcome: 'refused' },
    });
    expect(entries).toEqual([
      {
        action: 'kubernetes.apply',
        actor: BOB,
        outcome: 'refused',
        message: 'bob may not deploy to checkout-prod',
      },
    ]);
  });

  it('runs with neither an auditor nor a trail, and never throws for a record it could not write', async () => {
    await expect(
      recordMutation(
        {},
        { action: 'kubernetes.apply', actor: BOB },
        async () => 1,
      ),
    ).resolves.toBe(1);

    const logger = mockServices.logger.mock();
    const trail = { record: jest.fn().mockRejectedValue(new Error('down')) };
    await expect(
      recordMutation(
        { trail, logger },
        { action: 'kubernetes.apply', actor: BOB },
        async () => 2,
      ),
    ).resolves.toBe(2);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not record the audit trail entry of kubernetes.apply by user:default/bob (outcome succeeded): Error: down',
      ),
      expect.objectContaining({ action: 'kubernetes.apply' }),
    );
  });
});
