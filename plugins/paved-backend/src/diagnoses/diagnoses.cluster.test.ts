import { mockCredentials } from '@backstage/backend-test-utils';
import { waitFor } from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// The demo's deliberately broken workloads in checkout-sandbox (tools/cluster/demo/32-payments.yaml): KWOK
// drives the crash loop and the OOM kills through exits and restarts every 20-30 s (kwok/broken-pods.yaml), the
// simulator writes the crashed containers' logs, and the real scheduler refuses the 12-CPU pod. Every answer is
// polled until the cluster has reached the state asserted, so a fresh cluster (first exit after a few seconds,
// metrics after two scrapes) is waited for rather than raced.
jest.setTimeout(180_000);

const NAMESPACE = 'checkout-sandbox';
const base = '/api/paved/entities/default/component/payments-api';
const bob = mockCredentials.user.header('user:default/bob');

type Server = Awaited<ReturnType<typeof startPavedBackend>>;

/** Polls the diagnoses endpoint until one in the sandbox passes `match`. */
async function diagnosis(server: Server, what: string, match: (d: any) => any) {
  return waitFor(
    async () => {
      const res = await request(server)
        .get(`${base}/diagnoses`)
        .set('Authorization', bob);
      if (res.status !== 200) {
        throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return (res.body.diagnoses as any[]).find(
        d => d.namespace === NAMESPACE && match(d),
      );
    },
    { timeoutMs: 120_000, intervalMs: 1000, what },
  );
}

/** The JSON application log line the simulator writes. */
const parsed = (line: string) => JSON.parse(line) as Record<string, unknown>;

describe('diagnoses of the deliberately broken demo workloads (local cluster)', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startPavedBackend({
      entities: [component('payments-api', 'team-checkout', 'payments-api')],
      teams: { 'user:default/bob': ['group:default/team-checkout'] },
    });
  });

  it('explains the crash loop of payments-api with the crashed container\u2019s last log lines', async () => {
    const d = await diagnosis(
      server,
      'a crash-loop diagnosis of payments-api with its last log lines',
      x =>
        x.kind === 'crash-loop' &&
        x.object.name.startsWith('payments-api-') &&
        x.lastLogLines?.length > 0,
    );
    expect(d).toMatchObject({
      cluster: 'local',
      namespace: NAMESPACE,
      environment: 'sandbox',
      object: { kind: 'Pod' },
      container: 'api',
      fix: 'Read its last log lines; check the command, the configuration and the secrets it needs.',
    });
    expect(d.restarts).toBeGreaterThanOrEqual(1);
    expect(d.cause).toBe(
      `Container api keeps exiting (last exit code 1, Error) and restarted ${
        d.restarts
      } time${d.restarts === 1 ? '' : 's'}.`,
    );
    // the crashed instance's log, from its start to the fatal error it exited with
    const lines = (d.lastLogLines as string[]).map(parsed);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      msg: 'starting payments-api',
    });
    expect(lines.at(-1)).toMatchObject({ level: 'FATAL', exit_code: 1 });
    expect(lines.at(-1)!.msg).toContain(
      'check secret payments-api-credentials',
    );
  });

  it('explains the OOM kill of payments-worker: limit, memory in use, a limit to try', async () => {
    // the current use comes from metrics.k8s.io, which needs two scrapes after the pod started
    const d = await diagnosis(
      server,
      'an oom-killed diagnosis of payments-worker with its memory use',
      x =>
        x.kind === 'oom-killed' &&
        x.object.name.startsWith('payments-worker-') &&
        x.memory?.usage &&
        x.lastLogLines?.length > 0,
    );
    expect(d).toMatchObject({
      environment: 'sandbox',
      object: { kind: 'Pod' },
      container: 'worker',
      memory: { limit: '256Mi', usage: '250Mi', suggestedLimit: '384Mi' },
      fix: 'Raise resources.limits.memory to at least 384Mi, or find what grows in memory.',
    });
    expect(d.restarts).toBeGreaterThanOrEqual(1);
    expect(d.cause).toBe(
      `Container worker used more memory than its limit (256Mi) and was killed (restarts: ${d.restarts}). It uses 250Mi now, 98 % of the limit.`,
    );
    // killed mid-work: the last words are about memory, not an error
    const last = parsed(d.lastLogLines.at(-1));
    expect(last).toMatchObject({ level: 'WARN', msg: 'memory usage high' });
  });

  it('explains why payments-reports stays Pending: no node has 12 CPUs', async () => {
    const d = await diagnosis(
      server,
      'an unschedulable diagnosis of payments-reports',
      x =>
        x.kind === 'unschedulable' &&
        x.object.name.startsWith('payments-reports-'),
    );
    expect(d).toMatchObject({
      environment: 'sandbox',
      object: { kind: 'Pod' },
    });
    expect(d.cause).toMatch(/^No node can run the pod: .*Insufficient cpu/);
    expect(d.fix).toBe(
      "Lower the pod's cpu request, or ask the platform team for nodes with more cpu.",
    );
  });

  it('shows all three workloads unhealthy in the overview', async () => {
    const res = await request(server)
      .get(`${base}/overview`)
      .set('Authorization', bob);
    expect(res.status).toBe(200);
    expect(res.body.gaps).toEqual([]);
    const sandbox = (res.body.workloads as any[])
      .filter(w => w.namespace === NAMESPACE)
      .map(({ kind, name, desired, ready }) => ({ kind, name, desired, ready }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(sandbox).toEqual([
      { kind: 'Deployment', name: 'payments-api', desired: 1, ready: 0 },
      { kind: 'Deployment', name: 'payments-reports', desired: 1, ready: 0 },
      { kind: 'Deployment', name: 'payments-worker', desired: 1, ready: 0 },
    ]);
  });

  it('reports the worker\u2019s memory at its limit, and no traffic to pods that never get ready', async () => {
    const pods = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/metrics/current`)
          .set('Authorization', bob);
        const list = (res.body.pods ?? []) as any[];
        return list.some(p => p.pod.startsWith('payments-worker-'))
          ? list
          : undefined;
      },
      { timeoutMs: 90_000, what: 'pod metrics of payments-worker' },
    );
    const worker = pods.find(p => p.pod.startsWith('payments-worker-'));
    expect(worker).toMatchObject({
      namespace: NAMESPACE,
      memoryBytes: 250 * 1024 ** 2,
    });
    // the Pending pod never ran, so it has no usage
    expect(pods.some(p => p.pod.startsWith('payments-reports-'))).toBe(false);

    const res = await request(server)
      .get(`${base}/metrics/golden-signals?range=15m&environment=sandbox`)
      .set('Authorization', bob);
    expect(res.status).toBe(200);
    const rate = (res.body.series as any[]).find(
      s => s.namespace === NAMESPACE && s.signal === 'requestRate',
    );
    expect(
      rate.values.filter((v: number | null) => v !== null && v > 0),
    ).toEqual([]);
  });
});
