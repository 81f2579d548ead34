import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createTestEnvironment,
  localAdminClient,
  startStoppableForwarder,
  StoppableForwarder,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { pavedPlugin } from '../plugin';
import { timeKey } from './followSource';

// Talks to the local cluster: an environment of this suite's own team holds a component with 6 pods.
jest.setTimeout(180_000);

const TEAM = 'group:default/test-limits';
const ID = 'limits-api';
const base = `/api/paved/entities/default/component/${ID}`;
const user = (name: string) => `user:default/${name}`;
const auth = (name: string) => mockCredentials.user.header(user(name));
const USERS = ['bob', 'carol', 'alice', 'dave'];

/** Starts the backend on the local cluster with `limits` under `paved.limits`, on a port of its own. */
async function start(limits: object, clusterUrl?: string) {
  const config = localClusterConfig();
  if (clusterUrl) {
    config.kubernetes.clusterLocatorMethods[0].clusters[0].url = clusterUrl;
  }
  const server = await startPavedBackend({
    entities: [component(ID, 'test-limits', ID)],
    teams: Object.fromEntries(USERS.map(u => [user(u), [TEAM]])),
    config: { ...config, paved: { ...config.paved, limits } },
  });
  if (!server.address()) {
    await new Promise<void>(resolve => server.listen(0, () => resolve()));
  }
  return server;
}

/** An open log follow: its status, and what it received so far. */
interface Follow {
  status: number;
  headers: http.IncomingHttpHeaders;
  received: () => string;
  /** The body of a refusal. */
  body?: any;
  /** Resolves once the stream ended. */
  ended: Promise<void>;
  close: () => void;
}

/** Opens a follow and resolves once it is refused or has named its containers (the `sources` event). */
function openFollow(
  server: http.Server,
  name: string,
  query = '',
): Promise<Follow> {
  const port = (server.address() as AddressInfo).port;
  return new Promise((answered, reject) => {
    // a follow that does not even start (e.g. its cluster calls stalled) fails here, not at the test's timeout
    const started: { req?: http.ClientRequest } = {};
    const stalled = setTimeout(() => {
      reject(new Error(`${name}'s follow did not start within 15 s`));
      started.req?.destroy();
    }, 15_000);
    const resolve = (follow: Follow) => {
      clearTimeout(stalled);
      answered(follow);
    };
    const req = http.get(
      {
        port,
        path: `${base}/logs/follow${query}`,
        headers: { Authorization: auth(name) },
      },
      res => {
        let text = '';
        const ended = new Promise<void>(done => res.on('close', done));
        const follow = (body?: any): Follow => ({
          status: res.statusCode ?? 0,
          headers: res.headers,
          received: () => text,
          body,
          ended,
          close: () => req.destroy(),
        });
        res.setEncoding('utf8');
        res.on('data', chunk => {
          text += chunk;
          if (res.statusCode === 200 && text.includes('event: sources')) {
            resolve(follow());
          }
        });
        res.on('end', () =>
          resolve(
            follow(res.statusCode === 200 ? undefined : JSON.parse(text)),
          ),
        );
      },
    );
    started.req = req;
    req.on('error', error => {
      if (!req.destroyed) reject(error);
    });
  });
}

describe('bounded resources (local cluster)', () => {
  let env: { name: string; cleanup: () => Promise<void> };
  const servers: http.Server[] = [];
  let forwarder: StoppableForwarder | undefined;
  let cutter: StoppableForwarder | undefined;

  beforeAll(async () => {
    const admin = await localAdminClient();
    env = await createTestEnvironment(admin, { prefix: 'limits', team: TEAM });
    await createTestDeployment(admin, {
      namespace: env.name,
      name: 'limits',
      id: ID,
      replicas: 6,
      requests: { cpu: '1m', memory: '4Mi' },
    });
  });

  afterAll(async () => {
    await forwarder?.close();
    await cutter?.close();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
    }
    await env?.cleanup();
  });

  /** Waits until every pod of the component has written log lines. */
  async function logsOfAllPods(server: http.Server, name: string) {
    return waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/logs?tail=60`)
          .set('Authorization', auth(name));
        // each pod listed and with lines: a pod that has not started yet has no log to follow
        return res.status === 200 &&
          res.body.sources.length === 6 &&
          new Set(res.body.lines.map((l: { s: number }) => l.s)).size === 6
          ? res.body
          : undefined;
      },
      { timeoutMs: 90_000, what: `log lines of the 6 pods of ${ID}` },
    );
  }

  /**
   * The slowest of ten of alice's `GET …/logs?tail=20` (at or above their 95th percentile), each failing fast if
   * it stalls.
   */
  async function p95OfReads(server: http.Server): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const read = await request(server)
        .get(`${base}/logs?tail=20`)
        .set('Authorization', auth('alice'))
        // a stalled answer fails here rather than at the test's timeout
        .timeout(10_000);
      times.push(performance.now() - started);
      expect(read.status).toBe(200);
      expect(read.body.lines.length).toBeGreaterThan(0);
    }
    return times.sort((a, b) => a - b)[9];
  }

  it('refuses follows beyond the per-user and global limits with 429, releases slots, and keeps plain log reads fast', async () => {
    // a pool of 4 connections for short calls: follows holding them would stall every other request
    const server = await start({
      follows: { perUser: 4, global: 8 },
      connections: { requestSockets: 4 },
    });
    servers.push(server);
    await logsOfAllPods(server, 'alice');
    // the same plain read, ten times with nothing else open: this machine's own pace right now
    const before = await p95OfReads(server);

    const follows: Follow[] = [];
    for (const name of ['bob', 'carol']) {
      for (let i = 0; i < 4; i++) {
        const follow = await openFollow(server, name);
        expect(follow.status).toBe(200);
        follows.push(follow);
      }
    }
    // 8 follows of 6 containers each: 48 streams asked for right after each follow named its containers.
    // A quiet container's stream sends nothing, so there is no line to wait for; a moment lets them connect.
    await new Promise(resolve => setTimeout(resolve, 1000));

    // another user's plain reads are not starved: follows holding the short calls' connections would stall them
    // until the short-call timeout (paved.limits.timeouts.kubernetesMs, 15 s; the reads here give up at 10 s).
    // The bound is far from that and far above a loaded machine's pace (the unit layer runs beside this one):
    // 3 s, or five times what the same reads took before the follows opened
    const during = await p95OfReads(server);
    expect(during).toBeLessThanOrEqual(Math.max(3000, 5 * before));

    // all 8 are still open: a follow that ended gave its slot back, and the refusals below would not be seen
    const ended = await Promise.all(
      follows.map(f =>
        Promise.race([
          f.ended.then(() => f.received()),
          new Promise<undefined>(resolve =>
            setImmediate(() => resolve(undefined)),
          ),
        ]),
      ),
    );
    expect(ended.filter(text => text !== undefined)).toEqual([]);

    const fifth = await openFollow(server, 'bob');
    expect(fifth.status).toBe(429);
    expect(fifth.headers['retry-after']).toBe('30');
    expect(fifth.body).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringContaining(
          'the most one user may (paved.limits.follows.perUser = 4)',
        ),
      },
      response: { statusCode: 429 },
    });
    const ninth = await openFollow(server, 'alice');
    expect(ninth.status).toBe(429);
    expect(ninth.body.error.message).toContain(
      '8 live log follows are open on this Backstage instance, the most allowed (paved.limits.follows.global = 8)',
    );

    // a client going away gives its slot back
    follows[0].close();
    const alices = await waitFor(
      async () => {
        const follow = await openFollow(server, 'alice');
        return follow.status === 200 ? follow : undefined;
      },
      { timeoutMs: 10_000, what: 'a slot given back by a closed follow' },
    );
    follows.push(alices);
    for (const follow of follows) follow.close();
    await Promise.all(follows.map(f => f.ended));

    // a stream that ends (no container matches) gives its slot back too: more ended follows than perUser
    await waitFor(
      async () => {
        const follow = await openFollow(server, 'dave');
        follow.close();
        return follow.status === 200 ? true : undefined;
      },
      { timeoutMs: 10_000, what: 'the closed follows given back' },
    );
    for (let i = 0; i < 6; i++) {
      const follow = await openFollow(server, 'dave', '?pod=no-such-pod');
      expect(follow.status).toBe(200);
      await follow.ended;
      expect(follow.received()).toContain('event: end');
    }
  });

  it('cuts log reads at the byte limits and says so', async () => {
    const server = await start({ logs: { readBytes: 500, answerBytes: 900 } });
    servers.push(server);
    // once the pods have written more than both limits
    const res = await waitFor(
      async () => {
        const answer = await request(server)
          .get(`${base}/logs?tail=60`)
          .set('Authorization', auth('bob'));
        expect(answer.status).toBe(200);
        return answer.body.notice?.includes('readBytes') &&
          answer.body.notice?.includes('answerBytes')
          ? answer
          : undefined;
      },
      { timeoutMs: 90_000, what: 'logs longer than both limits' },
    );
    const lines = res.body.lines as Array<{ s: number; text: string }>;
    expect(lines.length).toBeGreaterThan(0);
    const bytes = (of: typeof lines) =>
      of.reduce((sum, l) => sum + Buffer.byteLength(l.text), 0);
    expect(bytes(lines)).toBeLessThanOrEqual(900);
    for (let s = 0; s < res.body.sources.length; s++) {
      expect(bytes(lines.filter(l => l.s === s))).toBeLessThanOrEqual(500);
    }
    expect(res.body.notice).toMatch(
      /The log of [a-z0-9-]+\/limits-[a-z0-9-]+\/app was cut at 500 bytes \(paved\.limits\.logs\.readBytes\)/,
    );
    expect(res.body.notice).toContain(
      'older lines are left out: the answer holds at most 900 bytes of log lines (paved.limits.logs.answerBytes)',
    );
  });

  it('names the cluster and the call that timed out when the API server stops answering, and keeps serving', async () => {
    const { kubernetes } = localClusterConfig();
    forwarder = await startStoppableForwarder(
      kubernetes.clusterLocatorMethods[0].clusters[0].url,
    );
    const stalled = await start(
      { timeouts: { kubernetesMs: 1500 } },
      `https://${forwarder.address}`,
    );
    const healthy = await start({});
    servers.push(stalled, healthy);
    await logsOfAllPods(stalled, 'bob');

    forwarder.stop();
    const started = performance.now();
    const res = await request(stalled)
      .get(`${base}/logs?tail=20`)
      .set('Authorization', auth('bob'));
    expect(performance.now() - started).toBeLessThan(1500 + 3000);
    // a cluster that does not answer leaves the view partial, never an error page: no lines, and the cluster
    // named with why
    expect(res.status).toBe(200);
    expect(res.body.lines).toEqual([]);
    expect(res.body.unavailableClusters).toEqual([
      expect.objectContaining({ cluster: 'local', kind: 'timeout' }),
    ]);
    expect(res.body.unavailableClusters[0].reason).toMatch(
      /Kubernetes API server of cluster "local" did not answer GET \/api\/v1\/namespaces\S* within 1500 ms \(paved\.limits\.timeouts\.kubernetesMs\)/,
    );
    // the same backend keeps answering what needs no cluster, and a backend on the API server itself answers
    const health = await request(stalled).get('/api/paved/health');
    expect(health.status).toBe(200);
    const read = await request(healthy)
      .get(`${base}/logs?tail=20`)
      .set('Authorization', auth('bob'));
    expect(read.status).toBe(200);
    expect(read.body.lines.length).toBeGreaterThan(0);
    forwarder.resume();
  });

  it('goes on following when its connections to the API server are cut, without losing or repeating lines', async () => {
    const { kubernetes } = localClusterConfig();
    cutter = await startStoppableForwarder(
      kubernetes.clusterLocatorMethods[0].clusters[0].url,
    );
    const server = await start({}, `https://${cutter.address}`);
    servers.push(server);
    await logsOfAllPods(server, 'bob');
    const follow = await openFollow(server, 'bob');
    expect(follow.status).toBe(200);
    const events = () => sseEvents(follow.received());
    const lines = () => events().filter(e => e.event === 'line');
    // every pod writes about a line a second
    await waitFor(async () => (lines().length >= 3 ? true : undefined), {
      timeoutMs: 30_000,
      what: 'lines of a follow',
    });

    await cutter.cut();
    const beforeCut = lines().length;
    // each container's stream is opened again, and the follow stays open
    const sources = events()[0].data.sources.length;
    await waitFor(
      async () => {
        const back = new Set(
          events()
            .filter(e => e.event === 'source' && e.data.state === 'following')
            .map(e => e.data.s),
        );
        return back.size === sources && lines().length >= beforeCut + 3
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, what: 'every stream opened again, and new lines' },
    );
    const retrying = events().filter(
      e => e.event === 'source' && e.data.state === 'retrying',
    );
    expect(retrying.length).toBeGreaterThanOrEqual(sources);
    expect(retrying[0].data).toMatchObject({
      retryInSeconds: 1,
      message: expect.stringMatching(
        /^following logs of .*: (the stream from cluster "local" was cut|cluster "local" at .* is unreachable)/,
      ),
    });
    expect(events().map(e => e.event)).not.toContain('error');
    // no line twice: the reopened streams start at each container's last line and skip what was sent
    const keys = lines().map(e => JSON.stringify(e.data));
    expect(keys.length - new Set(keys).size).toBe(0);
    // none lost: each line a container's log holds after the follow's first line of it, up to its last, was
    // followed (lines written at the very moment of the first may predate the follow)
    follow.close();
    await follow.ended;
    const key = (t: string) => timeKey(t) ?? t;
    for (let s = 0; s < sources; s++) {
      const followed = lines()
        .filter(e => e.data.s === s)
        .map(e => e.data);
      if (followed.length < 2) continue;
      const { pod } = events()[0].data.sources[s];
      const [first, last] = [followed[0].t, followed[followed.length - 1].t];
      const log = await request(server)
        .get(`${base}/logs?pod=${pod}&tail=500`)
        .set('Authorization', auth('bob'));
      expect(log.status).toBe(200);
      const logged = log.body.lines.filter(
        (l: any) => key(l.t) > key(first) && key(l.t) <= key(last),
      );
      const texts = new Set(followed.map(l => `${l.t} ${l.text}`));
      expect(logged.filter((l: any) => !texts.has(`${l.t} ${l.text}`))).toEqual(
        [],
      );
    }
  });
});

/** The events of a `text/event-stream` body, their data parsed. */
function sseEvents(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .map(block => ({
      event: /^event: (.*)$/m.exec(block)?.[1],
      data: /^data: (.*)$/m.exec(block)?.[1],
    }))
    .filter((e): e is { event: string; data: string } => !!e.event && !!e.data)
    .map(e => ({ event: e.event, data: JSON.parse(e.data) }));
}

describe('catalog timeouts', () => {
  it('answers 504 naming the catalog call that did not answer in time', async () => {
    const config = localClusterConfig();
    const { server } = await startTestBackend({
      features: [
        pavedPlugin,
        catalogServiceMock.mock({
          getEntityByRef: () => new Promise(() => {}),
        }).factory,
        mockServices.rootConfig.factory({
          data: {
            ...config,
            paved: {
              ...config.paved,
              limits: { timeouts: { catalogMs: 300 } },
            },
          },
        }),
      ],
    });
    const res = await request(server)
      .get(`${base}/overview`)
      .set('Authorization', auth('bob'));
    expect(res.status).toBe(504);
    expect(res.body.error.message).toBe(
      'The catalog did not answer getEntityByRef within 300 ms (paved.limits.timeouts.catalogMs)',
    );
  });
});
