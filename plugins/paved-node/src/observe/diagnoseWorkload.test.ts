import {
  KubernetesClient,
  KubernetesRequest,
} from '../cluster/KubernetesClient';
import { diagnoseWorkload, workloadEventStates } from './diagnoseWorkload';

/** A client answering pod and event lists from memory, recording what was asked. */
function fakeClient(pods: object[], events: object[]) {
  const requests: KubernetesRequest[] = [];
  const client = {
    request: async (request: KubernetesRequest) => {
      requests.push(request);
      return { items: request.path.endsWith('/pods') ? pods : events };
    },
  } as unknown as KubernetesClient;
  return { client, requests };
}

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'api' } } },
  status: {},
};

describe('workloadEventStates', () => {
  it('lists the newest five warning events about the workload or its pods', () => {
    const events = [
      ...Array.from({ length: 6 }, (_, i) => ({
        type: 'Warning',
        reason: `Reason${i}`,
        message: `message ${i}`,
        involvedObject: { name: i % 2 ? 'api-1' : 'api' },
      })),
      {
        type: 'Warning',
        reason: 'Other',
        message: 'not ours',
        involvedObject: { name: 'db-0' },
      },
    ];
    expect(workloadEventStates(deployment, ['api-1'], events)).toEqual([
      'event Reason1 on api-1: message 1',
      'event Reason2 on api: message 2',
      'event Reason3 on api-1: message 3',
      'event Reason4 on api: message 4',
      'event Reason5 on api-1: message 5',
    ]);
  });

  it('says when a workload has no pods', () => {
    expect(workloadEventStates(deployment, [], [])).toEqual([
      'no pods exist for Deployment api',
    ]);
  });
});

describe('diagnoseWorkload', () => {
  it('selects pods by matchLabels and reports their states, the workload\u2019s and its events', async () => {
    const { client, requests } = fakeClient(
      [
        {
          metadata: { name: 'api-1' },
          spec: { containers: [{ name: 'app' }] },
          status: {
            phase: 'Pending',
            containerStatuses: [
              {
                name: 'app',
                state: {
                  waiting: {
                    reason: 'CreateContainerConfigError',
                    message: 'secret "db" not found',
                  },
                },
              },
            ],
          },
        },
      ],
      [
        {
          type: 'Warning',
          reason: 'Failed',
          message: 'Error: secret "db" not found',
          involvedObject: { name: 'api-1' },
        },
      ],
    );
    const states = await diagnoseWorkload(client, {
      ...deployment,
      status: {
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'pods "api-2" is forbidden: exceeded quota: paved-quota',
          },
        ],
      },
    });
    expect(requests[0]).toEqual({
      path: '/api/v1/namespaces/shop/pods',
      query: { labelSelector: 'app=api' },
    });
    expect(states).toEqual([
      'pod api-1 container app is waiting: CreateContainerConfigError (secret "db" not found)',
      'Deployment api ReplicaFailure (FailedCreate): pods "api-2" is forbidden: exceeded quota: paved-quota',
      'event Failed on api-1: Error: secret "db" not found',
    ]);
  });

  it('selects a Job\u2019s pods by job name and reports one that failed without restarting', async () => {
    const { client, requests } = fakeClient(
      [
        {
          metadata: { name: 'migrate-x' },
          spec: { containers: [{ name: 'migrate' }] },
          status: {
            phase: 'Failed',
            containerStatuses: [
              {
                name: 'migrate',
                restartCount: 0,
                state: { terminated: { exitCode: 1, reason: 'Error' } },
              },
            ],
          },
        },
      ],
      [],
    );
    const states = await diagnoseWorkload(client, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: 'shop' },
      spec: {},
    });
    expect(requests[0].query).toEqual({
      labelSelector: 'batch.kubernetes.io/job-name=migrate',
    });
    expect(states).toEqual([
      'pod migrate-x container migrate terminated: Error (exit code 1)',
    ]);
  });

  it('says when no pods exist', async () => {
    const { client } = fakeClient([], []);
    expect(await diagnoseWorkload(client, deployment)).toEqual([
      'no pods exist for Deployment api',
    ]);
  });
});
