import { ObjectEvent } from '@paved/plugin-paved-common';
import { ownerWorkload, summarizeEvents } from './eventSummary';

const event = (
  over: Partial<ObjectEvent> & { kind: string; name: string },
): ObjectEvent => ({
  type: 'Normal',
  reason: 'Scheduled',
  message: `Successfully assigned shop/${over.name} to kwok-node-0`,
  count: 1,
  lastSeen: '2026-11-21T10:00:00Z',
  ...over,
  object: { kind: over.kind, name: over.name },
});

describe('ownerWorkload', () => {
  it('finds the longest workload name an object belongs to', () => {
    const workloads = ['shop', 'shop-worker'];
    expect(ownerWorkload('shop-worker-7d9f8-abcde', workloads)).toBe(
      'shop-worker',
    );
    expect(ownerWorkload('shop-6c4b9-xyz12', workloads)).toBe('shop');
    expect(ownerWorkload('shop', workloads)).toBe('shop');
    expect(ownerWorkload('other-1', workloads)).toBe('other-1');
  });
});

describe('summarizeEvents', () => {
  it('sums up Normal events by reason, kind and workload, and keeps every Warning', () => {
    const events = [
      event({ kind: 'Pod', name: 'shop-6c4b9-a' }),
      event({
        kind: 'Pod',
        name: 'shop-6c4b9-b',
        lastSeen: '2026-11-21T10:00:05Z',
      }),
      event({ kind: 'Pod', name: 'shop-worker-5f-c', count: 2 }),
      event({
        kind: 'ReplicaSet',
        name: 'shop-6c4b9',
        reason: 'SuccessfulCreate',
        message: 'Created pod: shop-6c4b9-a',
      }),
      event({
        kind: 'ReplicaSet',
        name: 'shop-6c4b9',
        reason: 'SuccessfulCreate',
        message: 'Created pod: shop-6c4b9-b',
        lastSeen: '2026-11-21T10:00:01Z',
      }),
      event({
        kind: 'Pod',
        name: 'shop-6c4b9-a',
        type: 'Warning',
        reason: 'BackOff',
      }),
      event({
        kind: 'Pod',
        name: 'shop-6c4b9-b',
        type: 'Warning',
        reason: 'BackOff',
      }),
    ];
    const summary = summarizeEvents(events, ['shop', 'shop-worker']);
    expect(summary).toHaveLength(5);
    expect(summary.filter(e => e.type === 'Warning')).toHaveLength(2);
    expect(summary).toContainEqual({
      ...events[1],
      count: 2,
      objects: 2,
      workload: 'shop',
    });
    // one object, several events: summed, the latest message, no `objects`
    expect(summary).toContainEqual({ ...events[4], count: 2 });
    expect(summary).toContainEqual(events[2]);
  });
});
