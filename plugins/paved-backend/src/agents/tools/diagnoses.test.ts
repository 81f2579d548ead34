import { EntityDiagnosis, EntityEvent } from '@paved/plugin-paved-common';
import { eventFor } from './diagnoses';

const place = { cluster: 'local', namespace: 'shop-dev', environment: 'dev' };
const crash: EntityDiagnosis = {
  ...place,
  kind: 'crash-loop',
  object: { kind: 'Pod', name: 'api-84dfb88c45-x2k4q' },
  cause: 'Container api keeps exiting',
  fix: 'Read its last log lines.',
};
const event = (over: Partial<EntityEvent>): EntityEvent => ({
  ...place,
  type: 'Normal',
  reason: 'Pulled',
  message: 'pulled',
  object: { kind: 'Pod', name: 'api-84dfb88c45-x2k4q' },
  count: 1,
  lastSeen: '2026-12-05T10:00:00Z',
  ...over,
});

describe('eventFor', () => {
  it("picks the object's newest warning over its normal events", () => {
    const backOff = event({
      type: 'Warning',
      reason: 'BackOff',
      lastSeen: '2026-12-05T09:00:00Z',
    });
    const newer = event({
      type: 'Warning',
      reason: 'Unhealthy',
      lastSeen: '2026-12-05T09:30:00Z',
    });
    expect(eventFor(crash, [event({}), backOff, newer])).toBe(newer);
  });

  it("matches a workload's folded pod events, and nothing of another place or object", () => {
    const folded = event({
      type: 'Warning',
      reason: 'BackOff',
      object: { kind: 'Pod', name: 'api-5f6b-aaaaa' },
      workload: 'api',
      objects: 3,
    });
    expect(eventFor(crash, [folded])).toBe(folded);
    expect(
      eventFor(crash, [
        event({ namespace: 'shop-prod' }),
        event({ object: { kind: 'Pod', name: 'web-1' } }),
        event({ workload: 'apiserver', object: { kind: 'Pod', name: 'x' } }),
      ]),
    ).toBeUndefined();
    // a pod of api-gateway is no pod of api
    expect(
      eventFor(
        {
          ...crash,
          object: { kind: 'Pod', name: 'api-gateway-7d9c5f6b8-x2k4q' },
        },
        [event({ workload: 'api', type: 'Warning' })],
      ),
    ).toBeUndefined();
  });
});
