import {
  diagnosePods,
  diagnoseWorkloads,
  formatMemory,
  podFindings,
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

describe('diagnosePods: every reason a pod is not running', () => {
  const waitingIn = (reason: string, message: string) =>
    diagnosePods([
      pod({
        phase: 'Pending',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            state: { waiting: { reason, message } },
          },
        ],
      }),
    ]);

  it('explains a pod not scheduled for another reason than no fitting node', () => {
    const [d] = diagnosePods([
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'SchedulingGated',
            message: 'Scheduling is blocked due to non-empty scheduling gates',
          },
        ],
      }),
    ]);
    expect(d).toMatchObject({
      kind: 'unschedulable',
      object: { kind: 'Pod', name: 'api-1' },
      cause:
        'The pod is not scheduled (SchedulingGated): Scheduling is blocked due to non-empty scheduling gates',
    });
    expect(d.fix).toContain('node selector');
  });

  it('explains a container that waits for a missing Secret or ConfigMap', () => {
    const [d] = waitingIn(
      'CreateContainerConfigError',
      'secret "db-credentials" not found',
    );
    expect(d).toMatchObject({ kind: 'config-missing', container: 'app' });
    expect(d.cause).toBe(
      'Container app cannot be created: a Secret, ConfigMap or key it reads is missing (secret "db-credentials" not found).',
    );
    expect(d.fix).toMatch(/^Set the missing secret key on the Secrets card/);
  });

  it('explains containers the runtime cannot create or start, and any other wait', () => {
    const created = waitingIn('CreateContainerError', 'no command specified');
    const started = waitingIn(
      'RunContainerError',
      'exec: "/app/run": permission denied',
    );
    const other = waitingIn('ContainerStatusUnknown', 'the node went away');
    expect(
      [...created, ...started, ...other].map(d => [d.kind, d.cause]),
    ).toEqual([
      [
        'container-create-failed',
        'Container app cannot be created by the container runtime (no command specified).',
      ],
      [
        'container-start-failed',
        'Container app was created but cannot be started (exec: "/app/run": permission denied).',
      ],
      [
        'container-waiting',
        'Container app is waiting: ContainerStatusUnknown (the node went away).',
      ],
    ]);
    for (const d of [...created, ...started, ...other])
      expect(d.fix).not.toBe('');
  });

  it('does not call a normal start a problem', () => {
    expect(waitingIn('ContainerCreating', '')).toEqual([]);
    expect(waitingIn('PodInitializing', '')).toEqual([]);
  });

  it('diagnoses init containers, with their own memory limit', () => {
    const found = diagnosePods([
      {
        metadata: { name: 'api-1' },
        spec: {
          initContainers: [
            { name: 'migrate', resources: { limits: { memory: '128Mi' } } },
            { name: 'fetch' },
          ],
          containers: [{ name: 'app' }],
        },
        status: {
          phase: 'Pending',
          initContainerStatuses: [
            {
              name: 'migrate',
              restartCount: 3,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            },
            {
              name: 'fetch',
              state: {
                waiting: {
                  reason: 'CreateContainerConfigError',
                  message: 'configmap "fetch-config" not found',
                },
              },
            },
          ],
          containerStatuses: [
            { name: 'app', state: { waiting: { reason: 'PodInitializing' } } },
          ],
        },
      },
    ]);
    expect(found.map(d => [d.kind, d.container])).toEqual([
      ['oom-killed', 'migrate'],
      ['config-missing', 'fetch'],
    ]);
    expect(found[0].cause).toBe(
      'Init container migrate used more memory than its limit (128Mi) and was killed (restarts: 3).',
    );
    expect(found[0].memory).toEqual({
      limit: '128Mi',
      suggestedLimit: '192Mi',
    });
  });

  it('reports a container that failed without restarting (a Job pod)', () => {
    const [d] = diagnosePods([
      pod({
        phase: 'Failed',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 2, reason: 'Error' } },
          },
        ],
      }),
    ]);
    expect(d).toMatchObject({
      kind: 'failed-exit',
      container: 'app',
      cause: 'Container app exited with code 2 (Error).',
      restarts: 0,
    });
  });

  it('reports a failed exit the container recovered from, but not a clean one', () => {
    const status = (exitCode: number) =>
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: true,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode, reason: 'Error' } },
          },
        ],
      });
    expect(diagnosePods([status(1)]).map(d => d.cause)).toEqual([
      'Container app exited with code 1 (Error) and was restarted 1 time.',
    ]);
    expect(diagnosePods([status(0)])).toEqual([]);
  });
});

describe('podFindings', () => {
  it('keeps the state each diagnosis was read from, in Kubernetes\u2019 words', () => {
    const states = podFindings([
      pod({
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient cpu.',
          },
        ],
      }),
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            restartCount: 3,
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' },
            },
          },
        ],
      }),
      pod({
        phase: 'Running',
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 1,
            state: { running: {} },
            lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
          },
        ],
      }),
    ]).map(f => f.state);
    expect(states).toEqual([
      'pod api-1 cannot be scheduled (Unschedulable): 0/1 nodes are available: 1 Insufficient cpu.',
      'pod api-1 container app is waiting: CrashLoopBackOff (back-off 40s)',
      'pod api-1 container app terminated: OOMKilled (exit code 137)',
    ]);
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
