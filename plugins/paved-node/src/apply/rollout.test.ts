import { rolloutState } from './rollout';

const deployment = (spec: object, status: object, generation = 2) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', generation },
  spec,
  status,
});

describe('rolloutState', () => {
  it('waits until the controller has seen the new generation', () => {
    const state = rolloutState(
      deployment(
        { replicas: 2 },
        {
          observedGeneration: 1,
          updatedReplicas: 2,
          availableReplicas: 2,
          replicas: 2,
        },
      ),
    );
    expect(state.done).toBe(false);
  });

  it('is done when every replica is updated and available and old ones are gone', () => {
    expect(
      rolloutState(
        deployment(
          { replicas: 2 },
          {
            observedGeneration: 2,
            updatedReplicas: 2,
            availableReplicas: 2,
            replicas: 3,
          },
        ),
      ).done,
    ).toBe(false);
    const state = rolloutState(
      deployment(
        { replicas: 2 },
        {
          observedGeneration: 2,
          updatedReplicas: 2,
          availableReplicas: 2,
          replicas: 2,
        },
      ),
    );
    expect(state).toEqual({
      done: true,
      progress: '2/2 updated, 2/2 available',
    });
  });

  it('fails when the progress deadline is exceeded', () => {
    const state = rolloutState(
      deployment(
        { replicas: 1 },
        {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "d-1" has timed out progressing.',
            },
          ],
        },
      ),
    );
    expect(state.failed).toBe('ReplicaSet "d-1" has timed out progressing.');
  });

  it('does not fail on a deadline an earlier spec exceeded (a rollback replacing a stuck one)', () => {
    const state = rolloutState(
      deployment(
        { replicas: 1 },
        {
          observedGeneration: 1,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "d-2" has timed out progressing.',
            },
          ],
        },
      ),
    );
    expect(state).toMatchObject({ done: false });
    expect(state.failed).toBeUndefined();
  });

  it('does not fail on a timeout the controller kept from before the latest apply, only on one after it', () => {
    const withCondition = (lastUpdateTime: string) => ({
      ...deployment(
        { replicas: 1 },
        {
          observedGeneration: 2,
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "d-1" has timed out progressing.',
              lastUpdateTime,
            },
          ],
        },
      ),
      metadata: {
        name: 'd',
        generation: 2,
        managedFields: [
          {
            manager: 'kube-controller-manager',
            operation: 'Update',
            time: '2026-12-05T10:09:00Z',
          },
          {
            manager: 'paved',
            operation: 'Apply',
            time: '2026-12-05T10:05:00Z',
          },
        ],
      },
    });
    // a rollback to a replica set the stuck spec left: the old timeout, kept with its old time
    expect(
      rolloutState(withCondition('2026-12-05T10:01:00Z')).failed,
    ).toBeUndefined();
    // the rolled-back spec itself timed out
    expect(rolloutState(withCondition('2026-12-05T10:15:00Z')).failed).toBe(
      'ReplicaSet "d-1" has timed out progressing.',
    );
  });

  it('follows Jobs to completion or failure', () => {
    const job = (conditions: object[]) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: {},
      status: { succeeded: 1, conditions },
    });
    expect(rolloutState(job([{ type: 'Complete', status: 'True' }])).done).toBe(
      true,
    );
    expect(
      rolloutState(
        job([
          { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' },
        ]),
      ).failed,
    ).toBe('BackoffLimitExceeded');
  });

  it('checks StatefulSet revisions and DaemonSet scheduling', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's' },
      spec: { replicas: 1 },
      status: {
        readyReplicas: 1,
        updatedReplicas: 1,
        currentRevision: 'a',
        updateRevision: 'b',
      },
    };
    expect(rolloutState(sts).done).toBe(false);
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd' },
      spec: {},
      status: {
        desiredNumberScheduled: 3,
        numberReady: 3,
        updatedNumberScheduled: 3,
      },
    };
    expect(rolloutState(ds).done).toBe(true);
  });
});
