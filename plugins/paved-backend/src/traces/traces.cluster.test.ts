import { mockCredentials } from '@backstage/backend-test-utils';
import { localClusterEnv, waitFor } from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Reads the local cluster's Jaeger, which receives the simulator's traces (a trace per logged request of the
// demo's services; tools/cluster/sim/traces.go). A fresh Jaeger needs a few seconds of traffic.
jest.setTimeout(180_000);

const TEAMS: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/dave': ['group:default/team-search'],
};
const entities = [
  component('checkout-api', 'team-checkout', 'checkout-api'),
  component('payments-api', 'team-checkout', 'payments-api'),
  component('storefront', 'team-checkout'),
  component('search-api', 'team-search', 'search-api'),
];
const bob = mockCredentials.user.header('user:default/bob');
const dave = mockCredentials.user.header('user:default/dave');
const checkout = '/api/paved/entities/default/component/checkout-api';
const search = '/api/paved/entities/default/component/search-api';

const start = (config?: object) =>
  startPavedBackend({
    entities,
    teams: TEAMS,
    config,
    permissions: tierPolicyPermissions({
      teams: TEAMS,
      leads: {},
      entities,
    }),
  });

/** The trace as Jaeger itself answers it, read apart from Paved. */
async function jaegerTrace(traceId: string) {
  const res = await fetch(
    `${localClusterEnv().PAVED_JAEGER_URL}/api/traces/${traceId}`,
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: any[] };
  return body.data[0] as {
    spans: Array<{
      spanID: string;
      startTime: number;
      duration: number;
      processID: string;
    }>;
    processes: Record<string, { serviceName: string }>;
  };
}

describe('traces (local cluster, Jaeger)', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    if (!localClusterEnv().PAVED_JAEGER_URL) {
      throw new Error(
        'The local cluster has no Jaeger (PAVED_JAEGER_URL); run tools/cluster/up.sh',
      );
    }
    server = await start();
  });

  it("shows checkout-api's error traces failing in payments-api, with Jaeger's own durations", async () => {
    const failing = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${checkout}/traces?environment=dev&range=15m&status=error`)
          .set('Authorization', bob);
        expect(res.status).toBe(200);
        return (res.body.traces as any[]).find(
          t => t.failedSpan?.service === 'payments-api',
        );
      },
      { timeoutMs: 120_000, what: 'an error trace of checkout-api in dev' },
    );
    expect(failing).toMatchObject({
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
      error: true,
      rootService: 'storefront',
      failedSpan: { service: 'payments-api', operation: 'POST /v1/authorize' },
    });
    expect(failing.services).toEqual(
      expect.arrayContaining(['storefront', 'checkout-api', 'payments-api']),
    );

    const res = await request(server)
      .get(`${checkout}/traces/${failing.traceId}`)
      .set('Authorization', bob);
    expect(res.status).toBe(200);
    const spans = res.body.spans as any[];
    const payments = spans.find(s => s.service === 'payments-api');
    expect(payments).toMatchObject({ opaque: false, error: true });
    expect(payments.statusMessage).toMatch(/card processor/);
    // every span of the waterfall has the start and duration Jaeger stored
    const stored = await jaegerTrace(failing.traceId);
    expect(spans).toHaveLength(stored.spans.length);
    for (const span of stored.spans) {
      const shown = spans.find(s => s.spanId === span.spanID);
      expect(shown).toBeDefined();
      expect(shown.start).toBe(span.startTime);
      expect(shown.duration).toBe(span.duration);
      expect(shown.service).toBe(stored.processes[span.processID].serviceName);
    }
    // the owning team reads its own services in full, the edge (storefront) too
    expect(spans.every(s => !s.opaque)).toBe(true);
    expect(spans.find(s => s.service === 'checkout-api').place).toMatchObject({
      namespace: 'checkout-dev',
      environment: 'dev',
    });
  });

  it("shows a Search developer checkout-api's spans in a search-api trace as opaque hops only", async () => {
    const through = await waitFor(
      async () => {
        const res = await request(server)
          .get(
            `${search}/traces?range=15m&environment=dev&operation=${encodeURIComponent(
              'GET /api/products/{id}',
            )}`,
          )
          .set('Authorization', dave);
        expect(res.status).toBe(200);
        return (res.body.traces as any[]).find(t =>
          t.services.includes('checkout-api'),
        );
      },
      { timeoutMs: 120_000, what: 'a search-api trace calling checkout-api' },
    );
    // the root is another team's service: named, its operation not given
    expect(through.rootService).toBe('storefront');
    expect(through.rootOperation).toBeUndefined();

    const res = await request(server)
      .get(`${search}/traces/${through.traceId}`)
      .set('Authorization', dave);
    expect(res.status).toBe(200);
    const spans = res.body.spans as any[];
    const hops = spans.filter(s => s.service === 'checkout-api');
    expect(hops.length).toBeGreaterThan(0);
    for (const hop of hops) {
      expect(Object.keys(hop).sort()).toEqual(
        [
          'duration',
          'opaque',
          'parentSpanId',
          'service',
          'spanId',
          'start',
        ].sort(),
      );
      expect(hop.opaque).toBe(true);
    }
    const own = spans.filter(s => s.service === 'search-api');
    expect(own.length).toBeGreaterThan(0);
    expect(own.every(s => !s.opaque && s.operation)).toBe(true);
    // nothing of checkout's spans is in the answer
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('/api/cart');
    expect(text).not.toContain('SELECT carts');
    expect(text).not.toContain('checkout-dev');

    // and checkout-api's own traces are not Search's to read, by list or by id
    const list = await request(server)
      .get(`${checkout}/traces?range=15m`)
      .set('Authorization', dave);
    expect(list.status).toBe(403);
    expect(list.body.error.message).toContain('paved.entity.traces.read');
    const one = await request(server)
      .get(`${checkout}/traces/${through.traceId}`)
      .set('Authorization', dave);
    expect(one.status).toBe(403);
  });

  it("opens the trace a log line names, and only through the line's own service", async () => {
    const line = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${checkout}/logs?environment=dev&tail=50`)
          .set('Authorization', bob);
        expect(res.status).toBe(200);
        return (res.body.lines as any[])
          .map(l => {
            try {
              return JSON.parse(l.text);
            } catch {
              return undefined;
            }
          })
          .reverse()
          .find(l => l?.trace_id);
      },
      { timeoutMs: 60_000, what: 'a checkout-api log line with a trace id' },
    );
    const trace = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${checkout}/traces/${line.trace_id}`)
          .set('Authorization', bob);
        return res.status === 200 ? res.body : undefined;
      },
      { timeoutMs: 30_000, what: `trace ${line.trace_id} in Jaeger` },
    );
    const span = (trace.spans as any[]).find(s => s.spanId === line.span_id);
    expect(span).toMatchObject({
      service: 'checkout-api',
      place: { pod: line.pod, namespace: 'checkout-dev' },
    });
    // search-api's page does not open a trace that does not go through search-api
    const other = await request(server)
      .get(`${search}/traces/${line.trace_id}`)
      .set('Authorization', dave);
    expect(other.status).toBe(404);
  });

  it('refuses a malformed trace id and bad filters, naming the field', async () => {
    const bad = await request(server)
      .get(`${checkout}/traces/not-a-trace`)
      .set('Authorization', bob);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^traceId: /);
    const filter = await request(server)
      .get(`${checkout}/traces?status=failed&minDurationMs=-1`)
      .set('Authorization', bob);
    expect(filter.status).toBe(400);
    expect(filter.body.error.message).toContain('status must be all or error');
    expect(filter.body.error.message).toContain('minDurationMs');
  });

  it('names a cluster whose trace store does not answer, and one without a store, instead of failing', async () => {
    const config = localClusterConfig() as any;
    config.paved.clusters[0].jaegerUrl = 'http://127.0.0.1:9';
    const down = await start(config);
    const res = await request(down)
      .get(`${checkout}/traces?range=15m`)
      .set('Authorization', bob);
    expect(res.status).toBe(200);
    expect(res.body.traces).toEqual([]);
    expect(res.body.unavailableClusters).toEqual([
      expect.objectContaining({
        cluster: 'local',
        kind: 'trace-store-unreachable',
      }),
    ]);

    delete config.paved.clusters[0].jaegerUrl;
    const none = await start(config);
    const res2 = await request(none)
      .get(`${checkout}/traces?range=15m`)
      .set('Authorization', bob);
    expect(res2.status).toBe(200);
    expect(res2.body.notice).toContain('paved.clusters[].jaegerUrl');
  });
});
