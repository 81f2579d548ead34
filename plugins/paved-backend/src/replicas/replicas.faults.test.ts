import {
  EXPIRES_AT_ANNOTATION,
  PAVED_LABELS,
} from '@paved/plugin-paved-common';
import { KubernetesClient } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import {
  alive,
  readEvents,
  replicaPid,
  replicasPostgres,
  replicasUp,
  tokenOf,
} from './replicaSet';

/**
 * Two backend replicas on one PostgreSQL behind haproxy (tools/replicas/up.sh), on the primary local cluster,
 * acting as the example org's users (alice leads team-checkout, bob is a developer of it, erin is a platform
 * admin). Each block says what it kills and what it expects; every block that stops something starts it
 * again (up.sh is idempotent) before the next one.
 */
jest.setTimeout(600_000);

const TEAM = 'group:default/team-checkout';
let lb: string;
let replicas: Record<string, string>;
let admin: KubernetesClient;
const tokens: Record<string, string> = {};

const call = async (
  base: string,
  who: string,
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
) => {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${tokens[who]}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    signal: init.signal ?? AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
};

/** The audit trail entries of a namespace, as the platform admin reads them through the load balancer. */
async function auditOf(namespace: string): Promise<any[]> {
  const res = await call(lb, 'erin', `/api/paved/audit?namespace=${namespace}&limit=200`);
  expect(res.status).toBe(200);
  return res.body.events;
}

function configMap(name: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } };
}

/** A Deployment whose pods crash-loop on the local cluster: its rollout wait lasts until `timeoutSeconds`. */
function neverReady(name: string) {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels, annotations: { 'paved.dev/simulate': 'crash-loop' } },
        spec: {
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name,
              image: 'registry.paved.local/web:1',
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '200m', memory: '128Mi' },
              },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

async function protectedEnvironment() {
  return createTestEnvironment(admin, {
    prefix: 'replicas',
    team: TEAM,
    labels: { [PAVED_LABELS.protected]: 'true' },
  });
}

/** bob asks for a change to a protected environment through the load balancer. */
async function ask(namespace: string, manifests: unknown[], extra: object = {}) {
  const res = await call(lb, 'bob', '/api/paved/approvals', {
    method: 'POST',
    body: { kind: 'apply', cluster: 'local', namespace, manifests, wait: false, ...extra },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const decide = (base: string, id: string) =>
  call(base, 'alice', `/api/paved/approvals/${id}/decision`, {
    method: 'POST',
    body: { decision: 'approve' },
  });

beforeAll(async () => {
  ({ lb, replicas } = await replicasUp());
  admin = await localAdminClient();
  for (const user of ['alice', 'bob', 'erin']) tokens[user] = await tokenOf(lb, user);
});

describe('a live log follow (kills nothing)', () => {
  it('streams through the load balancer and from each replica, with a token either replica issued', async () => {
    const targets = [lb, lb, ...Object.values(replicas)];
    for (const base of targets) {
      const controller = new AbortController();
      const response = await fetch(
        `${base}/api/paved/entities/default/component/checkout-api/logs/follow`,
        {
          headers: { authorization: `Bearer ${tokens.alice}`, accept: 'text/event-stream' },
          signal: controller.signal,
        },
      );
      expect(response.status).toBe(200);
      const events = await readEvents(response, e => e.some(x => x.event === 'sources'));
      controller.abort();
      expect(events.map(e => e.event)).toContain('sources');
      expect(JSON.parse(events.find(e => e.event === 'sources')!.data).sources.length).toBeGreaterThan(0);
    }
  });
});

describe('an approval decided on both replicas at once (kills nothing)', () => {
  let env: { name: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    env = await protectedEnvironment();
  });
  afterAll(async () => env?.cleanup());

  it('runs once: one decision wins, the other gets 409, and the audit trail has one run', async () => {
    const id = await ask(env.name, [configMap('once')]);
    const [a, b] = await Promise.all([
      decide(replicas['replica-1'], id),
      decide(replicas['replica-2'], id),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    // the loser lost the compare-and-set ("already approved"), or its review already saw the winner's apply
    expect(loser.body.error.name).toBe('ConflictError');
    expect(loser.body.error.message).toMatch(
      /already approved|live objects changed since it was requested/,
    );
    const done = await waitFor(
      async () => {
        const r = await call(lb, 'alice', `/api/paved/approvals/${id}`);
        return r.body.outcome ? r.body : undefined;
      },
      { timeoutMs: 60_000, what: `an outcome of ${id}` },
    );
    expect(done.outcome).toBe('applied');
    const runs = (await auditOf(env.name)).filter(
      e => e.action === 'kubernetes.apply' && e.details?.approvalId === id,
    );
    expect(runs).toHaveLength(1);
  });
});

describe('scheduled environment cleanup on two replicas (kills nothing)', () => {
  it('deletes an expired environment once: one cleanup entry in the audit trail after several ticks', async () => {
    const env = await createTestEnvironment(admin, {
      prefix: 'replicas-ttl',
      team: 'group:default/replicas-ttl',
      labels: { [PAVED_LABELS.lifecycle]: 'ephemeral' },
    });
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${env.name}`,
      contentType: 'application/merge-patch+json',
      body: {
        metadata: { annotations: { [EXPIRES_AT_ANNOTATION]: new Date(Date.now() - 60_000).toISOString() } },
      },
    });
    try {
      const entries = () =>
        auditOf(env.name).then(events => events.filter(e => e.action === 'environment.cleanup'));
      await waitFor(async () => ((await entries()).length > 0 ? true : undefined), {
        timeoutMs: 180_000,
        intervalMs: 2000,
        what: `the cleanup of ${env.name}`,
      });
      // the cleanup runs every 15 s on the replicas (.replicas/replica-N.yaml): wait for two more ticks
      await new Promise(resolve => setTimeout(resolve, 35_000));
      expect(await entries()).toHaveLength(1);
    } finally {
      await env.cleanup().catch(() => undefined);
    }
  });
});

describe('a replica SIGKILLed while it runs an approved change', () => {
  let env: { name: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    env = await protectedEnvironment();
  });
  afterAll(async () => {
    await replicasUp();
    await env?.cleanup();
  });

  it('leaves a recorded outcome: the other replica takes the run over and finishes it', async () => {
    // the rollout wait of a crash-looping Deployment keeps the run going until its timeout
    const id = await ask(env.name, [neverReady('stuck')], { wait: true, timeoutSeconds: 40 });
    const victim = replicaPid('replica-1');
    const decision = decide(replicas['replica-1'], id).catch(error => ({ status: 0, body: String(error) }));
    // mid-run: the Deployment exists, no outcome yet
    await waitFor(
      async () =>
        (await admin
          .request({ path: `/apis/apps/v1/namespaces/${env.name}/deployments/stuck` })
          .then(() => true)
          .catch(() => undefined)),
      { timeoutMs: 60_000, what: 'the approved Deployment applied' },
    );
    expect((await call(replicas['replica-2'], 'alice', `/api/paved/approvals/${id}`)).body.outcome).toBeUndefined();
    process.kill(victim, 'SIGKILL');
    await waitFor(async () => (alive(victim) ? undefined : true), { what: 'replica-1 gone' });
    // the client of the killed replica sees its request fail, not hang
    expect((await decision).status).not.toBe(200);

    const done = await waitFor(
      async () => {
        const r = await call(replicas['replica-2'], 'alice', `/api/paved/approvals/${id}`);
        return r.body.outcome ? r.body : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 2000, what: `an outcome of ${id} from replica-2` },
    );
    // the Deployment never becomes ready: the finished run reports its rollout timeout, as a run would
    expect(done.outcome).toBe('failed');
    expect(done.outcomeMessage).not.toMatch(/^interrupted/);
    const runs = (await auditOf(env.name)).filter(
      e => e.action === 'kubernetes.apply' && e.details?.approvalId === id,
    );
    expect(runs.map(e => Boolean(e.details?.resumedFrom))).toContain(true);
  });
});

describe('a replica stopped with SIGTERM', () => {
  // each test stops replica-2; it is started again before the next one and after the last
  beforeEach(async () => {
    await replicasUp();
  });
  afterAll(async () => {
    await replicasUp();
  });

  it('records the outcome of an approved change it is running at once, not when housekeeping finds it', async () => {
    const env = await protectedEnvironment();
    try {
      const id = await ask(env.name, [neverReady('cut')], { wait: true, timeoutSeconds: 240 });
      const victim = replicaPid('replica-2');
      const decision = decide(replicas['replica-2'], id).catch(error => ({
        status: 0,
        body: String(error),
      }));
      await waitFor(
        async () =>
          admin
            .request({ path: `/apis/apps/v1/namespaces/${env.name}/deployments/cut` })
            .then(() => true)
            .catch(() => undefined),
        { timeoutMs: 60_000, what: 'the approved Deployment applied' },
      );
      const signalled = Date.now();
      process.kill(victim, 'SIGTERM');
      await decision;
      const done = await waitFor(
        async () => {
          const r = await call(replicas['replica-1'], 'alice', `/api/paved/approvals/${id}`);
          return r.body.outcome ? r.body : undefined;
        },
        { timeoutMs: 60_000, what: `an outcome of ${id}` },
      );
      // within the shutdown grace (10 s) and the exit, far from the 15 minutes housekeeping would take
      expect(Date.now() - signalled).toBeLessThan(45_000);
      expect(done.outcome).toBe('failed');
      expect(done.outcomeMessage).toMatch(/^interrupted: the backend running it shut down/);
      const entries = (await auditOf(env.name)).filter(
        e => e.action === 'kubernetes.apply' && e.details?.approvalId === id,
      );
      expect(entries.map(e => e.outcome)).toContain('failed');
    } finally {
      await env.cleanup();
    }
  });

  it('ends its open log follows with a reason and exits promptly', async () => {
    const victim = replicaPid('replica-2');
    const response = await fetch(
      `${replicas['replica-2']}/api/paved/entities/default/component/checkout-api/logs/follow`,
      { headers: { authorization: `Bearer ${tokens.alice}`, accept: 'text/event-stream' } },
    );
    expect(response.status).toBe(200);
    const reading = readEvents(response, e => e.some(x => x.event === 'error' || x.event === 'end'));
    await waitFor(async () => true);
    process.kill(victim, 'SIGTERM');
    const events = await reading;
    const last = events[events.length - 1];
    expect(last.event).toBe('error');
    expect(JSON.parse(last.data).message).toMatch(/shutting down/);
    await waitFor(async () => (alive(victim) ? undefined : true), {
      timeoutMs: 60_000,
      what: 'replica-2 exits after SIGTERM',
    });
    // the load balancer sends the next follow to the replica still up
    const again = await fetch(`${lb}/api/paved/entities/default/component/checkout-api/logs/follow`, {
      headers: { authorization: `Bearer ${tokens.alice}`, accept: 'text/event-stream' },
      signal: AbortSignal.timeout(30_000),
    });
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});

describe('the replicas’ PostgreSQL restarted', () => {
  afterAll(async () => {
    await replicasPostgres('up');
    await replicasUp();
  });

  it('fails requests during the gap cleanly and quickly, loses nothing, and works again without a backend restart', async () => {
    const env = await protectedEnvironment();
    try {
      const id = await ask(env.name, [configMap('kept')]);
      // each replica has verified the user's token (its key set is cached): the gap tests the database, not
      // the first verification of a token, which needs the auth plugin's keys from the database
      for (const base of Object.values(replicas)) {
        expect((await call(base, 'alice', `/api/paved/approvals/${id}`)).status).toBe(200);
      }
      await replicasPostgres('down');
      const started = Date.now();
      const during = await call(lb, 'alice', `/api/paved/approvals/${id}`);
      // a clean error within the pool's acquire timeout (10 s), not a hang
      expect(during.status).toBe(503);
      expect(during.body.error.message).toMatch(/^Paved's database cannot be reached/);
      expect(Date.now() - started).toBeLessThan(30_000);
      await replicasPostgres('up');
      const after = await waitFor(
        async () => {
          const r = await call(lb, 'alice', `/api/paved/approvals/${id}`);
          return r.status === 200 ? r.body : undefined;
        },
        { timeoutMs: 60_000, what: 'the request readable again' },
      );
      expect(after.status).toBe('pending');
      // both replicas serve again, each on its pool's new connections
      for (const base of Object.values(replicas)) {
        expect((await call(base, 'alice', `/api/paved/approvals/${id}`)).status).toBe(200);
      }
      const decided = await decide(lb, id);
      expect(decided.status).toBe(200);
      const runs = await waitFor(async () => {
        const r = (await auditOf(env.name)).filter(
          e => e.action === 'kubernetes.apply' && e.details?.approvalId === id,
        );
        return r.length > 0 ? r : undefined;
      });
      expect(runs).toHaveLength(1);
    } finally {
      await env.cleanup();
    }
  });
});
