import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  SignalPayload,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { EntityLiveMessage } from '@paved/plugin-paved-common';
import { KubernetesClient } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

/** A published signal, its message as Paved sends it. */
type LivePayload = Omit<SignalPayload, 'message'> & {
  message: EntityLiveMessage;
};

// Live updates against the local cluster, in two environments of this suite's own teams: a pod of team A's
// component made not ready (its Ready condition patched as admin, as a kubelet would report it) reaches A's
// subscribed user over the signals service within 2 s, and nothing of it reaches team B's user, who is
// subscribed to B's component (and does get B's changes). Signals are recorded where the plugin publishes them.
jest.setTimeout(180_000);

const TEAM_A = 'group:default/test-live-a';
const TEAM_B = 'group:default/test-live-b';
const ANN = 'user:default/live-ann';
const BEN = 'user:default/live-ben';
const TEAMS: Record<string, string[]> = { [ANN]: [TEAM_A], [BEN]: [TEAM_B] };
const entities = [
  component('live-a', 'test-live-a', 'live-a'),
  component('live-b', 'test-live-b', 'live-b'),
];
const CHANNEL_A = 'paved:entity:component:default/live-a';
const CHANNEL_B = 'paved:entity:component:default/live-b';

interface Received {
  at: number;
  payload: LivePayload;
}

const recipientsOf = (r: Received) =>
  (r.payload.recipients as { entityRef: string[] }).entityRef;

async function readyPods(admin: KubernetesClient, namespace: string) {
  const list = await admin.request<{ items: any[] }>({
    path: `/api/v1/namespaces/${namespace}/pods`,
  });
  return list.items.filter((p: any) =>
    p.status?.conditions?.some(
      (c: any) => c.type === 'Ready' && c.status === 'True',
    ),
  );
}

/** Reports the pod not ready as a kubelet would (the Ready condition False), answering when it was sent. */
async function makeNotReady(
  admin: KubernetesClient,
  namespace: string,
  pod: string,
) {
  const sentAt = Date.now();
  await admin.request({
    method: 'PATCH',
    path: `/api/v1/namespaces/${namespace}/pods/${pod}/status`,
    contentType: 'application/strategic-merge-patch+json',
    body: {
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'LiveTestNotReady',
            lastTransitionTime: new Date().toISOString(),
          },
        ],
      },
    },
  });
  return sentAt;
}

describe('live updates over signals (local cluster)', () => {
  const received: Received[] = [];
  let admin: KubernetesClient;
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  let envA: { name: string; cleanup: () => Promise<void> };
  let envB: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    admin = await localAdminClient();
    envA = await createTestEnvironment(admin, {
      team: TEAM_A,
      prefix: 'live-a',
    });
    envB = await createTestEnvironment(admin, {
      team: TEAM_B,
      prefix: 'live-b',
    });
    await createTestDeployment(admin, {
      namespace: envA.name,
      name: 'live-a',
      id: 'live-a',
      replicas: 2,
      // its status is set by the test; the cluster's self-healing stage leaves it alone
      podAnnotations: { 'paved.dev/simulate': 'manual' },
    });
    await createTestDeployment(admin, {
      namespace: envB.name,
      name: 'live-b',
      id: 'live-b',
      replicas: 1,
      // its status is set by the test; the cluster's self-healing stage leaves it alone
      podAnnotations: { 'paved.dev/simulate': 'manual' },
    });
    const config = localClusterConfig();
    server = await startPavedBackend({
      entities,
      teams: TEAMS,
      config: {
        ...config,
        paved: { ...config.paved, live: { lingerSeconds: 0 } },
      },
      permissions: tierPolicyPermissions({ teams: TEAMS, leads: {}, entities }),
      features: [
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            async publish(payload: SignalPayload) {
              received.push({
                at: Date.now(),
                payload: payload as unknown as LivePayload,
              });
            },
          }),
        }),
      ],
    });
    await waitFor(
      async () =>
        (await readyPods(admin, envA.name)).length === 2 &&
        (await readyPods(admin, envB.name)).length === 1
          ? true
          : undefined,
      { timeoutMs: 120_000, intervalMs: 500, what: 'the test pods ready' },
    );
  });

  afterAll(async () => {
    await envA?.cleanup();
    await envB?.cleanup();
  });

  const subscribe = (user: string, name: string) =>
    request(server)
      .post(`/api/paved/entities/default/component/${name}/live`)
      .set('Authorization', mockCredentials.user.header(user))
      .send({});

  it('registers each user for the environments of their own team only, and refuses another team’s entity', async () => {
    const ann = await subscribe(ANN, 'live-a');
    expect(ann.status).toBe(200);
    expect(ann.body).toEqual({
      channel: CHANNEL_A,
      ttlSeconds: 60,
      environments: [
        { cluster: 'local', namespace: envA.name, environment: 'test' },
      ],
    });
    const ben = await subscribe(BEN, 'live-b');
    expect(ben.body.environments).toEqual([
      { cluster: 'local', namespace: envB.name, environment: 'test' },
    ]);
    const refused = await subscribe(BEN, 'live-a');
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).not.toContain(envA.name);
  });

  it('pushes a pod becoming not ready to its team’s subscriber within 2 s, and to nobody else', async () => {
    const latencies: number[] = [];
    for (const pod of await readyPods(admin, envA.name)) {
      const name = pod.metadata.name as string;
      const sentAt = await makeNotReady(admin, envA.name, name);
      const signal = await waitFor(
        async () =>
          received.find(
            r =>
              r.at >= sentAt &&
              r.payload.channel === CHANNEL_A &&
              r.payload.message.pods.some(p => p.pod === name && !p.ready),
          ),
        {
          timeoutMs: 10_000,
          intervalMs: 20,
          what: `a signal that ${name} is not ready`,
        },
      );
      latencies.push(signal.at - sentAt);
      expect(recipientsOf(signal)).toEqual([ANN]);
      expect(
        signal.payload.message.pods.find(p => p.pod === name),
      ).toMatchObject({
        cluster: 'local',
        namespace: envA.name,
        environment: 'test',
        ready: false,
        reason: 'LiveTestNotReady',
        workload: { kind: 'Deployment', name: 'live-a' },
      });
    }
    // eslint-disable-next-line no-console
    console.log(
      `live update latency (pod status patched -> signal published): ${latencies.join(
        ' ms, ',
      )} ms`,
    );
    expect(Math.max(...latencies)).toBeLessThan(2000);

    // team B's change reaches team B's user, so that user's subscription works ...
    const [podB] = await readyPods(admin, envB.name);
    const sentB = await makeNotReady(admin, envB.name, podB.metadata.name);
    const signalB = await waitFor(
      async () =>
        received.find(r => r.at >= sentB && r.payload.channel === CHANNEL_B),
      { timeoutMs: 10_000, intervalMs: 20, what: 'a signal about live-b' },
    );
    expect(recipientsOf(signalB)).toEqual([BEN]);
    // ... and nothing about team A's environment ever reached them, nor anything of B reached A's user
    const seenBy = (user: string) =>
      received
        .filter(r => recipientsOf(r).includes(user))
        .map(r => ({
          channel: r.payload.channel,
          recipients: recipientsOf(r),
          namespaces: [
            ...new Set(r.payload.message.pods.map(p => p.namespace)),
          ],
        }));
    const nsA = envA.name;
    const nsB = envB.name;
    expect(seenBy(BEN).length).toBeGreaterThan(0);
    expect(seenBy(BEN)).toEqual(
      seenBy(BEN).map(() => ({
        channel: CHANNEL_B,
        recipients: [BEN],
        namespaces: [nsB],
      })),
    );
    expect(seenBy(ANN)).toEqual(
      seenBy(ANN).map(() => ({
        channel: CHANNEL_A,
        recipients: [ANN],
        namespaces: [nsA],
      })),
    );
    expect(seenBy(ANN).length + seenBy(BEN).length).toBe(received.length);
  });

  it('stops pushing to a user who left', async () => {
    const left = await request(server)
      .post('/api/paved/entities/default/component/live-a/live/leave')
      .set('Authorization', mockCredentials.user.header(ANN))
      .send({});
    expect(left.body).toEqual({ left: true });
    const count = received.length;
    const [pod] = await admin
      .request<{ items: any[] }>({
        path: `/api/v1/namespaces/${envA.name}/pods`,
      })
      .then(l => l.items);
    await makeNotReady(admin, envA.name, pod.metadata.name);
    // the change of B's pod after this one proves the backend's watches still deliver
    const [podB] = await admin
      .request<{ items: any[] }>({
        path: `/api/v1/namespaces/${envB.name}/pods`,
      })
      .then(l => l.items);
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${envB.name}/pods/${podB.metadata.name}/status`,
      contentType: 'application/strategic-merge-patch+json',
      body: {
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'LiveTestStillWatching' },
          ],
        },
      },
    });
    await waitFor(
      async () =>
        received
          .slice(count)
          .find(r =>
            r.payload.message.pods.some(
              p => p.reason === 'LiveTestStillWatching',
            ),
          ),
      { timeoutMs: 10_000, intervalMs: 20, what: 'the later change of live-b' },
    );
    expect(
      received.slice(count).filter(r => r.payload.channel === CHANNEL_A),
    ).toEqual([]);
  });
});
