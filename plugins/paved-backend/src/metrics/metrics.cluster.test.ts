import { mockCredentials } from '@backstage/backend-test-utils';
import { waitFor } from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Talks to the local cluster and its Prometheus, which needs a couple of scrapes after a fresh start.
jest.setTimeout(180_000);

const start = () =>
  startPavedBackend({
    entities: [component('checkout-api', 'team-checkout', 'checkout-api')],
    teams: { 'user:default/bob': ['group:default/team-checkout'] },
  });

const base = '/api/paved/entities/default/component/checkout-api/metrics';
const bob = mockCredentials.user.header('user:default/bob');

describe('metrics (local cluster)', () => {
  it('reports current CPU and memory of every pod from metrics.k8s.io', async () => {
    const server = await start();
    const pods = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/current`)
          .set('Authorization', bob);
        return res.body.pods?.length >= 5
          ? (res.body.pods as any[])
          : undefined;
      },
      { timeoutMs: 90_000, what: 'pod metrics for checkout-api' },
    );
    expect(new Set(pods.map(p => p.environment))).toEqual(
      new Set(['dev', 'production']),
    );
    for (const pod of pods) {
      expect(pod.pod).toContain('checkout-api');
      expect(pod.memoryBytes).toBeGreaterThan(0);
      expect(pod.cpuMillicores).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers golden signals from Prometheus with the server\u2019s own queries', async () => {
    const server = await start();
    const series = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/golden-signals?range=15m&environment=dev`)
          .set('Authorization', bob);
        const list = res.body.series as any[];
        const rate = list?.find(s => s.signal === 'requestRate');
        return rate?.values.some((v: number | null) => v !== null && v > 0)
          ? res.body
          : undefined;
      },
      { timeoutMs: 150_000, what: 'a request rate for checkout-api in dev' },
    );
    // values on the range's 15 s step from each series' start, `null` where Prometheus has no sample
    expect(series.step).toBe(15);
    const list = series.series as any[];
    expect(list.map(s => s.signal).sort()).toEqual([
      'errorRatio',
      'p50',
      'p95',
      'p99',
      'requestRate',
    ]);
    expect(list.every(s => s.namespace === 'checkout-dev')).toBe(true);
    const p95 = list.find(s => s.signal === 'p95');
    expect(p95.values.length).toBeGreaterThan(0);
    expect(p95.values.at(-1)).toBeGreaterThan(0);
    expect(Number.isInteger(p95.start)).toBe(true);
    expect(p95.start + (p95.values.length - 1) * 15).toBeLessThanOrEqual(
      Date.now() / 1000 + 1,
    );
  });

  it('answers every environment where the entity runs, and only those, in one query per signal', async () => {
    const server = await start();
    const body = await waitFor(
      async () => {
        const res = await request(server)
          .get(`${base}/golden-signals?range=15m`)
          .set('Authorization', bob);
        const list = res.body.series as any[];
        return list?.filter(
          s => s.signal === 'requestRate' && s.values.length > 0,
        ).length === 2
          ? res.body
          : undefined;
      },
      { timeoutMs: 150_000, what: 'request rates of checkout-api' },
    );
    // checkout-api runs in dev and production (and in the short-lived `test` environments of other tests);
    // team-checkout's sandbox has no workload of it, so it is not listed
    const environments = [
      ...new Set((body.series as any[]).map(s => s.environment)),
    ];
    expect(environments).toEqual(expect.arrayContaining(['dev', 'production']));
    expect(environments).not.toContain('sandbox');
    expect(body.series).toHaveLength(5 * environments.length);
  });

  it('refuses a range it does not offer, naming the choices', async () => {
    const server = await start();
    const res = await request(server)
      .get(`${base}/golden-signals?range=7d`)
      .set('Authorization', bob);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      "range: Invalid enum value. Expected '15m' | '1h' | '6h' | '24h'",
    );
  });
});
