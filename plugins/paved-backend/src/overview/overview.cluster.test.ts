import { mockCredentials } from '@backstage/backend-test-utils';
import {
  createTestEnvironment,
  createTestNamespace,
  localAdminClient,
} from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

// Talks to the local cluster: allow for scheduling, rollouts and scrapes.
jest.setTimeout(120_000);

const entities = [
  component('checkout-api', 'team-checkout', 'checkout-api'),
  component('search-api', 'team-search', 'search-api'),
  component('storefront-web', 'team-search'),
];

/** The catalog's answer for who belongs to which team, as the real userInfo service gives it. */
const teams: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/dave': ['group:default/team-search'],
};
async function start(options: { config?: object; deny?: boolean } = {}) {
  return startPavedBackend({ entities, teams, ...options });
}

const overview = (name: string) =>
  `/api/paved/entities/default/component/${name}/overview`;

describe('paved backend (local cluster)', () => {
  it('shows a team member the environments and workloads of their service', async () => {
    const server = await start();
    const res = await request(server)
      .get(overview('checkout-api'))
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.status).toBe(200);
    // Other suites create and delete team-checkout environments on the same cluster; one caught between
    // its namespace and its RoleBindings may be named as unreadable, but never the demo's own.
    expect(res.body.clusters).toEqual([
      expect.objectContaining({ name: 'local', reachable: true }),
    ]);
    expect(res.body.clusters[0].error ?? '').not.toMatch(
      /checkout-dev|checkout-production/,
    );
    expect(res.body.gaps).toEqual([]);
    expect(res.body.environments.map((e: any) => e.namespace)).toEqual(
      expect.arrayContaining(['checkout-dev', 'checkout-production']),
    );
    expect(
      res.body.environments.every(
        (e: any) => e.team === 'group:default/team-checkout',
      ),
    ).toBe(true);
    const deployments = res.body.workloads.filter(
      (w: any) => w.kind === 'Deployment' && w.name === 'checkout-api',
    );
    expect(deployments.map((w: any) => w.namespace).sort()).toEqual([
      'checkout-dev',
      'checkout-production',
    ]);
    expect(deployments[0].desired).toBeGreaterThan(0);
  });

  it('still shows the readable environments when one of the team\u2019s environments is not readable', async () => {
    // a team of this test alone, so no other suite's environments mix in
    const team = 'group:default/test-locked';
    const admin = await localAdminClient();
    const readable = await createTestEnvironment(admin, {
      prefix: 'open',
      team,
    });
    const locked = await createTestNamespace(admin, {
      prefix: 'locked',
      labels: {
        'paved.dev/managed-by': 'paved',
        'paved.dev/team': 'group.default.test-locked',
      },
    });
    try {
      const server = await startPavedBackend({
        entities: [component('locked-api', 'test-locked', 'locked-api')],
        teams: { 'user:default/bob': [team] },
      });
      const read = () =>
        request(server)
          .get(overview('locked-api'))
          .set(
            'Authorization',
            mockCredentials.user.header('user:default/bob'),
          );
      // nothing deployed yet: the readable environment is said to be empty, the locked one is not
      const empty = await read();
      expect(empty.body.gaps).toEqual([
        {
          kind: 'no-workloads',
          message: expect.stringContaining(` runs in ${readable.name}. `),
        },
      ]);
      expect(empty.body.clusters[0].error).toBe(
        `user:default/bob may not read workloads in ${locked.name}`,
      );

      await createTestDeployment(admin, {
        namespace: readable.name,
        name: 'locked-api',
        id: 'locked-api',
        replicas: 0,
      });
      const res = await read();
      expect(res.status).toBe(200);
      expect(res.body.clusters[0].error).toBe(
        `user:default/bob may not read workloads in ${locked.name}`,
      );
      expect(res.body.environments.map((e: any) => e.namespace)).toEqual(
        [readable.name, locked.name].sort(),
      );
      expect(res.body.workloads.map((w: any) => w.namespace)).toEqual([
        readable.name,
      ]);
      expect(res.body.gaps).toEqual([]);
    } finally {
      await Promise.all([locked.cleanup(), readable.cleanup()]);
    }
  });

  it('says which annotation is missing', async () => {
    const server = await start();
    const res = await request(server)
      .get(overview('storefront-web'))
      .set('Authorization', mockCredentials.user.header('user:default/dave'));
    expect(res.status).toBe(200);
    expect(res.body.gaps.map((g: any) => g.kind)).toEqual([
      'missing-annotation',
    ]);
    expect(res.body.gaps[0].message).toContain('backstage.io/kubernetes-id');
  });

  it('says that no cluster is configured', async () => {
    const server = await start({ config: {} });
    const res = await request(server)
      .get(overview('checkout-api'))
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.body.gaps.map((g: any) => g.kind)).toEqual(['no-clusters']);
  });

  it('lets the cluster refuse what the impersonated user may not read', async () => {
    const server = await start();
    const res = await request(server)
      .get(overview('search-api'))
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.status).toBe(200);
    expect(res.body.clusters[0]).toEqual({
      name: 'local',
      reachable: true,
      error: expect.stringMatching(
        /^user:default\/bob may not read workloads in search-[a-z0-9-]+(, search-[a-z0-9-]+)*$/,
      ),
    });
    // team Search's demo environments; suites running beside this one may add environments of the team
    const refused = res.body.clusters[0].error
      .replace('user:default/bob may not read workloads in ', '')
      .split(', ');
    expect(refused).toEqual(
      expect.arrayContaining(['search-dev', 'search-production']),
    );
    expect(res.body.workloads).toEqual([]);
  });

  it('answers 403 when the permission policy denies', async () => {
    const server = await start({ deny: true });
    const res = await request(server)
      .get(overview('checkout-api'))
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'You may not view the platform details of component:default/checkout-api',
    );
  });

  it('answers 404 for an unknown entity and 401 without a user', async () => {
    const server = await start();
    const missing = await request(server)
      .get(overview('nope'))
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(missing.status).toBe(404);
    const anonymous = await request(server)
      .get(overview('checkout-api'))
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const health = await request(server).get('/api/paved/health');
    expect(health.body).toEqual({ status: 'ok' });
  });
});
