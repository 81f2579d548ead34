import {
  diagnosePods,
  diagnoseWorkloads,
  formatMemory,
  suggestMemory,
} from './diagnose';

const pod = (status: object, limits?: Record<string, string>) => ({
  metadata: { name: 'api-1' },
  spec: { containers: [{ name: 'app', resources: { limits } }] },
  status,
});

describe('diagnosePods', () => {
  it('explains a crash loop', () => {
    const [d] = diagnosePods([
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 7,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
    ]);
    expect(d).toMatchObject({
      kind: 'crash-loop',
      container: 'app',
      object: { kind: 'Pod', name: 'api-1' },
    });
    expect(d.cause).toBe(
      'Container app keeps exiting (last exit code 1, Error) and restarted 7 times.',
    );
  });

  it('still sees the crash loop while the restarted container is not ready yet', () => {
    const [d] = diagnosePods([
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 1,
            state: { running: { startedAt: '2026-01-01T00:00:20Z' } },
            lastState: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
    ]);
    expect(d).toMatchObject({ kind: 'crash-loop', restarts: 1 });
    expect(d.cause).toBe(
      'Container app keeps exiting (last exit code 1, Error) and restarted 1 time.',
    );
  });

  it('explains an OOM kill and suggests a limit', () => {
    const [d] = diagnosePods([
      pod(
        {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'app',
              restartCount: 2,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            },
          ],
        },
        { memory: '256Mi' },
      ),
    ]);
    expect(d.kind).toBe('oom-killed');
    expect(d.cause).toContain('more memory than its limit (256Mi)');
    expect(d.fix).toContain('at least 384Mi');
    expect(d).toMatchObject({
      restarts: 2,
      memory: { limit: '256Mi', suggestedLimit: '384Mi' },
    });
    expect(d.memory?.usage).toBeUndefined();
  });

  it('compares the memory in use with the limit when metrics have it', () => {
    const [d] = diagnosePods(
      [
        pod(
          {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'app',
                restartCount: 4,
                state: { running: {} },
                lastState: {
                  terminated: { exitCode: 137, reason: 'OOMKilled' },
                },
              },
            ],
          },
          { memory: '256Mi' },
        ),
      ],
      { memoryBytes: { 'api-1': { app: 250 * 1024 ** 2 } } },
    );
    expect(d.cause).toBe(
      'Container app used more memory than its limit (256Mi) and was killed (restarts: 4). It uses 250Mi now, 98 % of the limit.',
    );
    expect(d.memory).toEqual({
      limit: '256Mi',
      usage: '250Mi',
      suggestedLimit: '384Mi',
    });
  });

  it('explains image pull errors, unschedulable pods and failing readiness', () => {
    const kinds = diagnosePods([
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'app',
            state: {
              waiting: { reason: 'ImagePullBackOff', message: 'not found' },
            },
          },
        ],
      }),
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: 3 Insufficient cpu.',
          },
        ],
      }),
      pod({
        phase: 'Running',
        containerStatuses: [
          { name: 'app', ready: false, state: { running: {} } },
        ],
      }),
    ]).map(d => [d.kind, d.fix.split(' ').slice(0, 3).join(' ')]);
    expect(kinds).toEqual([
      ['image-pull', 'Check the image'],
      ['unschedulable', "Lower the pod's"],
      ['probe-failing', 'Check the probe’s'],
    ]);
  });

  it('finds nothing wrong with a healthy pod', () => {
    expect(
      diagnosePods([
        pod({
          phase: 'Running',
          containerStatuses: [
            { name: 'app', ready: true, state: { running: {} } },
          ],
        }),
      ]),
    ).toEqual([]);
  });
});

describe('diagnoseWorkloads', () => {
  it('explains a stuck rollout and a quota refusal', () => {
    const found = diagnoseWorkloads([
      {
        kind: 'Deployment',
        metadata: { name: 'api' },
        status: {
          conditions: [
            {
              type: 'Progressing',
              status: 'False',
              reason: 'ProgressDeadlineExceeded',
              message: 'ReplicaSet "api-2" has timed out progressing.',
            },
          ],
        },
      },
      {
        kind: 'ReplicaSet',
        metadata: { name: 'api-2' },
        status: {
          conditions: [
            {
              type: 'ReplicaFailure',
              status: 'True',
              message:
                'pods "api-2-x" is forbidden: exceeded quota: paved-quota',
            },
          ],
        },
      },
    ]);
    expect(found.map(d => d.kind)).toEqual(['rollout-stuck', 'quota-exceeded']);
  });
});

describe('formatMemory', () => {
  it.each([
    [262144000, '250Mi'],
    [1024 ** 3 * 1.5, '1.5Gi'],
  ])('%d bytes → %s', (bytes, text) => expect(formatMemory(bytes)).toBe(text));
});

describe('suggestMemory', () => {
  it.each([
    ['256Mi', '384Mi'],
    ['1Gi', '2Gi'],
    ['800Mi', '2Gi'],
  ])('%s → %s', (limit, suggested) =>
    expect(suggestMemory(limit)).toBe(suggested),
  );
});
