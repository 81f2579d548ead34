import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { AddressInfo } from 'node:net';
import http from 'node:http';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Talks to the local cluster.
jest.setTimeout(120_000);

// Environments made here belong to a team of this suite alone (and hold its own components), so the
// suites reading the demo team-checkout's environments at the same time never see them.
const TEAM = 'group:default/test-logs';
const start = (deny = false) =>
  startPavedBackend({
    entities: [
      component('checkout-api', 'team-checkout', 'checkout-api'),
      component('huge-api', 'test-logs', 'huge-api'),
      component('many-api', 'test-logs', 'many-api'),
    ],
    teams: { 'user:default/bob': ['group:default/team-checkout', TEAM] },
    deny,
  });

const base = '/api/paved/entities/default/component/checkout-api';
const hugeBase = '/api/paved/entities/default/component/huge-api';
const manyBase = '/api/paved/entities/default/component/many-api';
const bob = mockCredentials.user.header('user:default/bob');

/** The logs answer's lines with their containers filled in. */
function linesOf(body: any): any[] {
  return body.lines.map((l: any) => ({
    ...body.sources[l.s],
    time: l.t,
    text: l.text,
  }));
}

describe('logs and events (local cluster)', () => {
  it('tails the entity\u2019s logs across environments, filtered and searched', async () => {
    const server = await start();
    const all = await request(server)
      .get(`${base}/logs?tail=20`)
      .set('Authorization', bob);
    expect(all.status).toBe(200);
    const lines = linesOf(all.body);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(all.body.notice).toBeUndefined();
    // every container described once, and only those the lines come from
    expect(new Set(all.body.lines.map((l: any) => l.s)).size).toBe(
      all.body.sources.length,
    );
    // every line is from one of the entity's pods
    expect(lines.every((l: any) => /^checkout-api-/.test(l.pod))).toBe(true);
    const first = lines[0];
    expect(first).toMatchObject({
      cluster: 'local',
      container: expect.any(String),
      pod: expect.stringContaining('checkout-api'),
    });
    expect(Date.parse(first.time)).not.toBeNaN();
    const times = lines.map((l: any) => Date.parse(l.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // a window of the past: only its lines, read from its start
    const since = Math.floor(Date.parse(first.time) / 1000);
    const until = since + 30;
    const windowed = await request(server)
      .get(`${base}/logs?tail=1000&since=${since}&until=${until}`)
      .set('Authorization', bob);
    expect(windowed.status).toBe(200);
    const inWindow = linesOf(windowed.body).map((l: any) => Date.parse(l.time));
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.every(t => t >= since * 1000 && t <= until * 1000)).toBe(
      true,
    );

    const dev = await request(server)
      .get(`${base}/logs?tail=20&environment=dev`)
      .set('Authorization', bob);
    expect(dev.body.lines.length).toBeGreaterThan(0);
    expect(
      linesOf(dev.body).every((l: any) => l.namespace === 'checkout-dev'),
    ).toBe(true);

    const word = /[A-Za-z]{4,}/.exec(first.text)![0];
    const found = await request(server)
      .get(
        `${base}/logs?tail=50&search=${encodeURIComponent(word.toUpperCase())}`,
      )
      .set('Authorization', bob);
    expect(found.body.lines.length).toBeGreaterThan(0);
    expect(
      linesOf(found.body).every((l: any) =>
        l.text.toLowerCase().includes(word.toLowerCase()),
      ),
    ).toBe(true);
    const none = await request(server)
      .get(`${base}/logs?search=${encodeURIComponent('(a+)+$ no such line')}`)
      .set('Authorization', bob);
    expect(none.body).toEqual({ sources: [], lines: [] });
  });

  it('names the query field that is wrong', async () => {
    const server = await start();
    const res = await request(server)
      .get(`${base}/logs?tail=0&environment=Not_A_Name`)
      .set('Authorization', bob);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('tail');
    expect(res.body.error.message).toContain(
      'environment: "Not_A_Name" contains capital letters',
    );
  });

  it('streams new lines to a follow client', async () => {
    const server = await start();
    const listenedHere = !server.address();
    if (listenedHere) {
      await new Promise<void>(resolve => server.listen(0, () => resolve()));
    }
    try {
      const port = (server.address() as AddressInfo).port;
      const line = await new Promise<any>((resolve, reject) => {
        const req = http.get(
          {
            port,
            path: `${base}/logs/follow?environment=dev`,
            headers: { Authorization: bob },
          },
          res => {
            expect(res.headers['content-type']).toContain('text/event-stream');
            let buffer = '';
            res.on('data', chunk => {
              buffer += chunk;
              const sources = /event: sources\ndata: (.*)\n\n/.exec(buffer);
              const match = /event: line\ndata: (.*)\n\n/.exec(buffer);
              if (sources && match) {
                const compact = JSON.parse(match[1]);
                resolve({
                  ...JSON.parse(sources[1]).sources[compact.s],
                  time: compact.t,
                  text: compact.text,
                });
                req.destroy();
              }
            });
          },
        );
        req.on('error', error => {
          if (!req.destroyed) reject(error);
        });
        setTimeout(
          () => reject(new Error('no line followed within 45 s')),
          45_000,
        );
      });
      expect(line).toMatchObject({
        namespace: 'checkout-dev',
        environment: 'dev',
      });
      expect(Date.parse(line.time)).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      if (listenedHere) {
        server.closeAllConnections();
        await new Promise(resolve => server.close(resolve));
      }
    }
  });

  it('lists events about the entity\u2019s objects, warnings first', async () => {
    const admin = await localAdminClient();
    const env = await createTestEnvironment(admin, {
      prefix: 'events',
      team: TEAM,
    });
    try {
      await createTestDeployment(admin, {
        namespace: env.name,
        name: 'huge',
        id: 'huge-api',
        replicas: 1,
        requests: { cpu: '500' },
      });
      const server = await start();
      const events = await waitFor(
        async () => {
          const res = await request(server)
            .get(`${hugeBase}/events`)
            .set('Authorization', bob);
          expect(res.body.total).toBeGreaterThanOrEqual(res.body.events.length);
          const list = res.body.events as any[];
          return list.some(
            e => e.namespace === env.name && e.reason === 'FailedScheduling',
          )
            ? list
            : undefined;
        },
        { timeoutMs: 60_000, what: 'a FailedScheduling event' },
      );
      const firstNormal = events.findIndex(e => e.type !== 'Warning');
      const lastWarning = events.map(e => e.type).lastIndexOf('Warning');
      expect(firstNormal === -1 || lastWarning < firstNormal).toBe(true);
      const failed = events.find(e => e.reason === 'FailedScheduling');
      expect(failed).toMatchObject({
        type: 'Warning',
        object: { kind: 'Pod' },
        environment: 'test',
      });
      expect(failed.message).toContain('Insufficient cpu');

      // the same pod, diagnosed: cause and fix in plain words
      const res = await request(server)
        .get(`${hugeBase}/diagnoses`)
        .set('Authorization', bob);
      const diagnosis = (res.body.diagnoses as any[]).find(
        d => d.namespace === env.name,
      );
      expect(diagnosis).toMatchObject({
        kind: 'unschedulable',
        object: { kind: 'Pod' },
        environment: 'test',
      });
      expect(diagnosis.cause).toContain('Insufficient cpu');
      expect(diagnosis.fix).toBe(
        "Lower the pod's cpu request, or ask the platform team for nodes with more cpu.",
      );
      // only the entity's own environments are diagnosed
      expect(
        (res.body.diagnoses as any[]).every(d => d.namespace === env.name),
      ).toBe(true);
    } finally {
      await env.cleanup();
    }
  });

  it('reads the most relevant containers of an entity with many, says so, and sums up routine events', async () => {
    const admin = await localAdminClient();
    const env = await createTestEnvironment(admin, {
      prefix: 'many',
      team: TEAM,
    });
    const replicas = 62;
    try {
      await createTestDeployment(admin, {
        namespace: env.name,
        name: 'many',
        id: 'many-api',
        replicas,
        requests: { cpu: '1m', memory: '4Mi' },
      });
      const server = await start();
      // more containers than one request reads: an answer with a notice, not a refusal
      const logs = await waitFor(
        async () => {
          const res = await request(server)
            .get(`${manyBase}/logs?tail=30`)
            .set('Authorization', bob);
          expect(res.status).toBe(200);
          return res.body.notice?.startsWith(`${replicas} containers match`)
            ? res.body
            : undefined;
        },
        { timeoutMs: 60_000, what: `${replicas} pods of many-api listed` },
      );
      expect(logs.notice).toContain('showing the logs of 30 of them');
      expect(logs.lines.length).toBeLessThanOrEqual(30);
      expect(logs.sources.length).toBeLessThanOrEqual(30);
      const one = await request(server)
        .get(
          `${manyBase}/logs?tail=30&pod=${encodeURIComponent(
            logs.sources[0]?.pod ?? 'many-0',
          )}`,
        )
        .set('Authorization', bob);
      expect(one.status).toBe(200);
      expect(one.body.notice).toBeUndefined();

      // one pod scheduled per replica: one entry for the workload's pods, with how many there were
      const scheduled = await waitFor(
        async () => {
          const res = await request(server)
            .get(`${manyBase}/events`)
            .set('Authorization', bob);
          return (res.body.events as any[]).find(
            e => e.reason === 'Scheduled' && e.objects === replicas,
          );
        },
        { timeoutMs: 60_000, what: `Scheduled events of ${replicas} pods` },
      );
      expect(scheduled).toMatchObject({
        type: 'Normal',
        object: { kind: 'Pod', name: expect.stringMatching(/^many-/) },
        workload: 'many',
        environment: 'test',
      });
      expect(scheduled.count).toBeGreaterThanOrEqual(replicas);
      const limited = await request(server)
        .get(`${manyBase}/events?limit=1`)
        .set('Authorization', bob);
      expect(limited.body.events).toHaveLength(1);
      expect(limited.body.total).toBeGreaterThan(1);
    } finally {
      await env.cleanup();
    }
  });

  it('answers 403 for logs and events when the policy denies', async () => {
    const server = await start(true);
    for (const path of ['logs', 'logs/follow', 'events', 'diagnoses']) {
      const res = await request(server)
        .get(`${base}/${path}`)
        .set('Authorization', bob);
      expect(res.status).toBe(403);
    }
  });
});
