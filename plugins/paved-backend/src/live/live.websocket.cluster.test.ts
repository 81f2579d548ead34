import { AddressInfo } from 'node:net';
import signalsPlugin from '@backstage/plugin-signals-backend';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { eventsServiceRef } from '@backstage/plugin-events-node';
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
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// The whole path a browser sees, against the local cluster: the Paved plugin beside Backstage's signals
// backend, a WebSocket to /api/signals as a signed-in user (the mock user, whose token is a valid WebSocket
// subprotocol, as a real user token is), a registration with POST …/live, and a pod of the user's team made not
// ready (its Ready condition patched as admin): the message arrives on the socket within 2 s.
jest.setTimeout(120_000);

const TEAM = 'group:default/test-live-ws';
const USER = 'user:default/mock';
const TEAMS: Record<string, string[]> = { [USER]: [TEAM] };
const entities = [component('live-ws', 'test-live-ws', 'live-ws')];
const CHANNEL = 'paved:entity:component:default/live-ws';

interface Arrived {
  at: number;
  channel: string;
  message: EntityLiveMessage;
}

/** Opens the signals socket; the plugin starts taking upgrades with the first one it sees, so retry. */
async function openSignals(port: number, arrived: Arrived[]) {
  return waitFor(
    () =>
      new Promise<WebSocket | undefined>(resolve => {
        const socket = new WebSocket(
          `ws://127.0.0.1:${port}/api/signals`,
          mockCredentials.user.token(),
        );
        // an attempt that neither opens nor fails within 2 s is given up and made again
        const giveUp = setTimeout(() => {
          socket.close();
          resolve(undefined);
        }, 2000);
        socket.onopen = () => {
          clearTimeout(giveUp);
          resolve(socket);
        };
        socket.onerror = () => {
          clearTimeout(giveUp);
          resolve(undefined);
        };
        socket.onmessage = event => {
          const data = JSON.parse(String(event.data));
          arrived.push({ at: Date.now(), ...data });
        };
      }),
    { timeoutMs: 20_000, intervalMs: 200, what: 'the signals WebSocket' },
  );
}

describe('live updates over the signals WebSocket (local cluster)', () => {
  const arrived: Arrived[] = [];
  const events = mockServices.events();
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  let socket: WebSocket | undefined;

  beforeAll(async () => {
    admin = await localAdminClient();
    env = await createTestEnvironment(admin, { team: TEAM, prefix: 'live-ws' });
    await createTestDeployment(admin, {
      namespace: env.name,
      name: 'live-ws',
      id: 'live-ws',
      replicas: 1,
      // its status is set by the test; the cluster's self-healing stage leaves it alone
      podAnnotations: { 'paved.dev/simulate': 'manual' },
    });
    server = await startPavedBackend({
      entities,
      teams: TEAMS,
      permissions: tierPolicyPermissions({ teams: TEAMS, leads: {}, entities }),
      features: [
        signalsPlugin,
        // one events service for both plugins, as in a backend (the test backend gives each plugin its own)
        createServiceFactory({
          service: eventsServiceRef,
          deps: {},
          factory: () => events,
        }),
      ],
    });
  });

  afterAll(async () => {
    socket?.close();
    await env?.cleanup();
  });

  it('delivers a pod becoming not ready to the subscribed user’s socket within 2 s', async () => {
    const pod = await waitFor(
      async () => {
        const list = await admin.request<{ items: any[] }>({
          path: `/api/v1/namespaces/${env.name}/pods`,
        });
        return list.items.find((p: any) =>
          p.status?.conditions?.some(
            (c: any) => c.type === 'Ready' && c.status === 'True',
          ),
        );
      },
      { timeoutMs: 60_000, what: 'a ready pod of live-ws' },
    );
    const port = (server.address() as AddressInfo).port;
    socket = await openSignals(port, arrived);
    socket.send(JSON.stringify({ action: 'subscribe', channel: CHANNEL }));

    const registered = await request(server)
      .post('/api/paved/entities/default/component/live-ws/live')
      .set('Authorization', mockCredentials.user.header())
      .send({});
    expect(registered.status).toBe(200);
    expect(registered.body.environments).toEqual([
      { cluster: 'local', namespace: env.name, environment: 'test' },
    ]);

    const sentAt = Date.now();
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${env.name}/pods/${pod.metadata.name}/status`,
      contentType: 'application/strategic-merge-patch+json',
      body: {
        status: {
          conditions: [
            { type: 'Ready', status: 'False', reason: 'LiveSocketTest' },
          ],
        },
      },
    });
    const message = await waitFor(
      async () =>
        arrived.find(
          a =>
            a.channel === CHANNEL &&
            a.message.pods.some(
              p => p.pod === pod.metadata.name && p.reason === 'LiveSocketTest',
            ),
        ),
      { timeoutMs: 10_000, intervalMs: 10, what: 'the message on the socket' },
    );
    // eslint-disable-next-line no-console
    console.log(
      `live update latency (pod status patched -> WebSocket message): ${
        message.at - sentAt
      } ms`,
    );
    expect(message.at - sentAt).toBeLessThan(2000);
    expect(message.message.pods[0]).toMatchObject({
      namespace: env.name,
      ready: false,
      workload: { kind: 'Deployment', name: 'live-ws', ready: 0 },
    });
  });
});
