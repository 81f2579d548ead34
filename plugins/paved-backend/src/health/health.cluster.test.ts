import { mockCredentials } from '@backstage/backend-test-utils';
import { waitFor } from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Talks to the local cluster: the demo's healthy checkout-api (checkout-dev, checkout-production) and its
// deliberately broken payments-api in checkout-sandbox (tools/cluster/demo/32-payments.yaml), whose crash loop
// KWOK drives through exits and restarts, so its state is polled for.
jest.setTimeout(180_000);

const entities = [
  component('checkout-api', 'team-checkout', 'checkout-api'),
  component('payments-api', 'team-checkout', 'payments-api'),
];
const bob = mockCredentials.user.header('user:default/bob');
const health = (name: string, query = '') =>
  `/api/paved/entities/default/component/${name}/health${query}`;

type Server = Awaited<ReturnType<typeof startPavedBackend>>;

/** The health line of `namespace` in the answer for `name`, once it passes `ready`. */
async function line(
  server: Server,
  name: string,
  namespace: string,
  ready: (l: any) => boolean,
  what: string,
) {
  return waitFor(
    async () => {
      const res = await request(server)
        .get(health(name))
        .set('Authorization', bob);
      if (res.status !== 200) {
        throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      }
      const found = (res.body.environments as any[]).find(
        l => l.namespace === namespace,
      );
      return found && ready(found)
        ? { line: found, body: res.body }
        : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1000, what },
  );
}

describe('health of an entity\u2019s environments (local cluster)', () => {
  let server: Server;

  beforeAll(async () => {
    server = await startPavedBackend({
      entities,
      teams: { 'user:default/bob': ['group:default/team-checkout'] },
    });
  });

  it('shows the crash-looping payments-api as a failed rollout with its crash-loop diagnosis', async () => {
    const { line: sandbox } = await line(
      server,
      'payments-api',
      'checkout-sandbox',
      l => l.topDiagnosis?.kind === 'crash-loop',
      'a crash-loop diagnosis of payments-api in the sandbox',
    );
    expect(sandbox).toMatchObject({
      cluster: 'local',
      environment: 'sandbox',
      protected: false,
      rollout: 'failed',
      topDiagnosis: {
        kind: 'crash-loop',
        object: { kind: 'Pod', name: expect.stringMatching(/^payments-api-/) },
        cause: expect.stringContaining('keeps exiting'),
      },
    });
    expect(sandbox.diagnoses).toBeGreaterThanOrEqual(1);
    expect(sandbox.ready).toBeLessThan(sandbox.desired);
  });

  it('shows checkout-api ready in its environments, with its metrics, and says that cost has no prices', async () => {
    const { body } = await line(
      server,
      'checkout-api',
      'checkout-dev',
      l =>
        l.desired > 0 &&
        l.ready === l.desired &&
        typeof l.p95Seconds?.now === 'number',
      'checkout-api ready in checkout-dev, with a p95 latency',
    );
    const end = Math.floor(Date.now() / 1000);
    expect(body.window.end).toBeGreaterThan(end - 120);
    expect(body.window.end - body.window.start).toBe(3600);
    for (const namespace of ['checkout-dev', 'checkout-production']) {
      const l = (body.environments as any[]).find(
        e => e.namespace === namespace,
      );
      expect(l.desired).toBeGreaterThan(0);
      expect(l.ready).toBe(l.desired);
      expect(l.rollout).toBe('complete');
      expect(Object.keys(l.errorRatio).sort()).toEqual(['now', 'previous']);
      expect(Object.keys(l.p95Seconds).sort()).toEqual(['now', 'previous']);
      expect(l).not.toHaveProperty('monthToDateCost');
    }
    expect(body.notices).toContain(
      'Cluster local has no price table (paved.cost.prices.local), so its costs are left out.',
    );
  });

  it('answers 403 as the overview does when the policy denies', async () => {
    const denied = await startPavedBackend({
      entities,
      teams: { 'user:default/bob': ['group:default/team-checkout'] },
      deny: true,
    });
    const res = await request(denied)
      .get(health('checkout-api'))
      .set('Authorization', bob);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'You may not view the platform details of component:default/checkout-api',
    );
  });
});
