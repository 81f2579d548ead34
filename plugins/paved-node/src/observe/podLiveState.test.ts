import { podLiveState, podWorkload } from './podLiveState';

describe('podLiveState', () => {
  it('is ready with no reason when the Ready condition is True', () => {
    expect(
      podLiveState({
        metadata: { name: 'a' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
    ).toEqual({ pod: 'a', ready: true, phase: 'Running' });
  });

  it('names a waiting container’s reason before the condition’s', () => {
    expect(
      podLiveState({
        metadata: { name: 'a' },
        status: {
          phase: 'Running',
          conditions: [
            { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
          ],
          containerStatuses: [
            {
              ready: false,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
          ],
        },
      }),
    ).toEqual({
      pod: 'a',
      ready: false,
      phase: 'Running',
      reason: 'CrashLoopBackOff',
    });
  });

  it('is not ready while being deleted, and says so', () => {
    expect(
      podLiveState({
        metadata: { name: 'a', deletionTimestamp: '2026-01-01T00:00:00Z' },
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
    ).toMatchObject({ ready: false, reason: 'Terminating' });
  });

  it('names an unschedulable pod', () => {
    expect(
      podLiveState({
        metadata: { name: 'a' },
        status: {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
          ],
        },
      }),
    ).toMatchObject({
      ready: false,
      phase: 'Pending',
      reason: 'Unschedulable',
    });
  });
});

describe('podWorkload', () => {
  it('reads a ReplicaSet owner as its Deployment', () => {
    expect(
      podWorkload({
        metadata: {
          name: 'api-7c9d-x',
          labels: { 'pod-template-hash': '7c9d' },
          ownerReferences: [
            { kind: 'ReplicaSet', name: 'checkout-api-7c9d', controller: true },
          ],
        },
      }),
    ).toEqual({ kind: 'Deployment', name: 'checkout-api' });
  });

  it('keeps StatefulSets and DaemonSets, and has none for Jobs and bare pods', () => {
    const owned = (kind: string) =>
      podWorkload({
        metadata: {
          name: 'p',
          ownerReferences: [{ kind, name: 'w', controller: true }],
        },
      });
    expect(owned('StatefulSet')).toEqual({ kind: 'StatefulSet', name: 'w' });
    expect(owned('DaemonSet')).toEqual({ kind: 'DaemonSet', name: 'w' });
    expect(owned('Job')).toBeUndefined();
    expect(podWorkload({ metadata: { name: 'p' } })).toBeUndefined();
  });
});
