import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { AuditEntry } from '@paved/plugin-paved-common';
import { audited } from './audited';
import { PavedBackendClient } from '@paved/plugin-paved-node';

const BOB = 'user:default/bob';

function setup() {
  const event = { success: jest.fn(), fail: jest.fn() };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => event),
  });
  const trail: AuditEntry[] = [];
  const paved = new PavedBackendClient(
    mockServices.discovery(),
    mockServices.auth(),
  );
  jest.spyOn(paved, 'recordAudit').mockImplementation(async entry => {
    trail.push(entry);
  });
  return { event, auditor, paved, trail };
}

const create = {
  eventId: 'environment-create',
  action: 'environment.create',
  actor: BOB,
  cluster: 'local',
  namespace: 'checkout-preview',
  target: 'preview of group:default/team-checkout',
  meta: { environment: 'preview' },
};

describe('audited', () => {
  it('records a mutation in the auditor and the backend trail', async () => {
    const { event, auditor, paved, trail } = setup();

    await expect(
      audited(
        { auditor, paved },
        create,
        async () => ({ namespace: 'checkout-preview' }),
        r => ({ message: `created ${r.namespace}`, meta: { objects: 4 } }),
      ),
    ).resolves.toEqual({ namespace: 'checkout-preview' });

    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'environment-create',
      severityLevel: 'medium',
      meta: {
        actor: BOB,
        cluster: 'local',
        namespace: 'checkout-preview',
        target: 'preview of group:default/team-checkout',
        details: { environment: 'preview' },
      },
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: { outcome: 'succeeded', result: { objects: 4 } },
    });
    expect(trail).toEqual([
      {
        action: 'environment.create',
        actor: BOB,
        cluster: 'local',
        namespace: 'checkout-preview',
        target: 'preview of group:default/team-checkout',
        outcome: 'succeeded',
        message: 'created checkout-preview',
        details: { environment: 'preview', objects: 4 },
      },
    ]);
  });

  it('records a refusal with a message cut to what the backend accepts', async () => {
    const { event, auditor, paved, trail } = setup();
    const refusal = new InputError(`guardrails: ${'x'.repeat(5000)}`);

    await expect(
      audited({ auditor, paved }, create, async () => {
        throw refusal;
      }),
    ).rejects.toBe(refusal);

    expect(event.fail).toHaveBeenCalledWith({
      error: refusal,
      meta: { outcome: 'refused' },
    });
    expect(trail).toEqual([
      expect.objectContaining({
        action: 'environment.create',
        outcome: 'refused',
        message: refusal.message.slice(0, 4000),
      }),
    ]);
  });

  it('runs without an auditor or a backend', async () => {
    await expect(audited({}, create, async () => 'ok')).resolves.toBe('ok');
  });
});
