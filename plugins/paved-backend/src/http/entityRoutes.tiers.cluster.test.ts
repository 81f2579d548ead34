import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  component,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster (the demo's checkout-api runs in team-checkout's environments).
jest.setTimeout(120_000);

const TEAMS: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/alice': ['group:default/team-checkout'],
  'user:default/dave': ['group:default/team-search'],
  'user:default/carol': ['group:default/team-search'],
  'user:default/erin': ['group:default/team-platform'],
};
const entities = [
  component('checkout-api', 'team-checkout', 'checkout-api'),
  component('search-api', 'team-search', 'search-api'),
];

const ROUTES = [
  'overview',
  'logs?tail=5',
  'events',
  'metrics/current',
  'diagnoses',
  'platform',
];

describe('entity routes with the real tier policy (local cluster)', () => {
  let server: Awaited<ReturnType<typeof startPavedBackend>>;

  beforeAll(async () => {
    server = await startPavedBackend({
      entities,
      teams: TEAMS,
      permissions: tierPolicyPermissions({
        teams: TEAMS,
        leads: {
          'group:default/team-checkout': ['user:default/alice'],
          'group:default/team-search': ['user:default/carol'],
        },
        platformAdminGroups: ['group:default/team-platform'],
        entities,
      }),
    });
  });

  // who → expected status on every route of checkout-api (team-checkout's)
  it.each([
    ['user:default/bob', 'developer, own team', 200],
    ['user:default/alice', 'lead, own team', 200],
    ['user:default/dave', 'developer, other team', 403],
    ['user:default/carol', 'lead, other team', 403],
    ['user:default/erin', 'platform admin', 200],
  ])('%s (%s) gets %i on checkout-api', async (user, _tier, status) => {
    const seen: Record<string, number> = {};
    const refusals: string[] = [];
    for (const route of ROUTES) {
      const res = await request(server)
        .get(`/api/paved/entities/default/component/checkout-api/${route}`)
        .set('Authorization', mockCredentials.user.header(user));
      seen[route] = res.status;
      if (res.status === 403) refusals.push(JSON.stringify(res.body));
    }
    expect(seen).toEqual(
      Object.fromEntries(ROUTES.map(route => [route, status])),
    );
    // a refusal names the entity and carries nothing of its environments
    for (const body of refusals) {
      expect(body).toContain('component:default/checkout-api');
      expect(body).not.toContain('checkout-production');
    }
  });

  it('answers every part of the platform page to the owning team, each as its own route does', async () => {
    const get = (path: string) =>
      request(server)
        .get(`/api/paved/entities/default/component/checkout-api/${path}`)
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
    const res = await get('platform');
    expect(res.status).toBe(200);
    for (const part of [
      'diagnoses',
      'events',
      'currentMetrics',
      'goldenSignals',
    ]) {
      expect(res.body[part]).toEqual({ value: expect.any(Object) });
    }
    // the demo's environments of the team: other suites make and delete environments of team-checkout while
    // this one runs, so one of the two reads below may see one of theirs and the other not
    const demo = new Set(['checkout-dev', 'checkout-production']);
    const namespaces = (items: Array<{ namespace: string }>) =>
      [...new Set(items.map(i => i.namespace))]
        .filter(namespace => demo.has(namespace))
        .sort();
    expect(namespaces(res.body.overview.environments)).toEqual([...demo]);
    expect(namespaces(res.body.overview.environments)).toEqual(
      namespaces((await get('overview')).body.environments),
    );
    expect(namespaces(res.body.currentMetrics.value.pods)).toEqual(
      namespaces((await get('metrics/current')).body.pods),
    );
  });

  it('shares cluster reads only with users the policy admits to the entity', async () => {
    const config = localClusterConfig();
    const shared = await startPavedBackend({
      entities,
      teams: TEAMS,
      config: {
        ...config,
        paved: { ...config.paved, sharedReads: { ttlMs: 60_000 } },
      },
      permissions: tierPolicyPermissions({
        teams: TEAMS,
        leads: {},
        platformAdminGroups: ['group:default/team-platform'],
        entities,
      }),
    });
    const platform = (user: string) =>
      request(shared)
        .get('/api/paved/entities/default/component/checkout-api/platform')
        .set('Authorization', mockCredentials.user.header(user));
    // bob's reads fill the shared lists of team-checkout's environments
    const bob = await platform('user:default/bob');
    expect(bob.status).toBe(200);
    expect(JSON.stringify(bob.body)).toContain('checkout-production');
    // another team's user is refused before any read: nothing of the shared lists reaches them
    const dave = await platform('user:default/dave');
    expect(dave.status).toBe(403);
    expect(JSON.stringify(dave.body)).not.toContain('checkout-production');
    // a teammate and a platform admin get the same lists
    for (const user of ['user:default/alice', 'user:default/erin']) {
      const res = await platform(user);
      expect(res.status).toBe(200);
      expect(res.body.overview.workloads).toEqual(bob.body.overview.workloads);
    }
  });

  it('shares a log tail only with users the API server lets read that pod’s log themselves', async () => {
    const config = localClusterConfig();
    // zed is a platform admin to the policy, but no RoleBinding of any cluster names his group
    const teams = { ...TEAMS, 'user:default/zed': ['group:default/unbound'] };
    const shared = await startPavedBackend({
      entities,
      teams,
      config: {
        ...config,
        paved: { ...config.paved, sharedReads: { ttlMs: 60_000 } },
      },
      permissions: tierPolicyPermissions({
        teams,
        leads: {},
        platformAdminGroups: [
          'group:default/team-platform',
          'group:default/unbound',
        ],
        entities,
      }),
    });
    const logs = (user: string) =>
      request(shared)
        .get(
          '/api/paved/entities/default/component/checkout-api/logs?tail=20&environment=production',
        )
        .set('Authorization', mockCredentials.user.header(user));
    const bob = await logs('user:default/bob');
    expect(bob.status).toBe(200);
    const texts: string[] = bob.body.lines.map((l: { text: string }) => l.text);
    expect(texts.length).toBeGreaterThan(0);
    // bob's tail is cached for a minute; zed's own read is refused by the API server, so none of it reaches him
    for (let i = 0; i < 2; i++) {
      const zed = await logs('user:default/zed');
      expect(zed.status).toBe(403);
      expect(zed.body.error.name).toBe('NotAllowedError');
      const body = JSON.stringify(zed.body);
      for (const text of texts) expect(body).not.toContain(text);
    }
    // a teammate is answered bob's tail once the API server has let them read the pods' logs themselves
    const alice = await logs('user:default/alice');
    expect(alice.status).toBe(200);
    expect(alice.body.lines.length).toBeGreaterThan(0);
  });

  it('shows the owning team its own environments only', async () => {
    const res = await request(server)
      .get('/api/paved/entities/default/component/checkout-api/overview')
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.status).toBe(200);
    const environments: Array<{ namespace: string; team: string }> =
      res.body.environments;
    const namespaces = environments.map(e => e.namespace);
    expect(namespaces).toContain('checkout-production');
    // other suites make environments of team-checkout too; every one listed is the team's, none of another team's
    expect(
      environments.filter(e => e.team !== 'group:default/team-checkout'),
    ).toEqual([]);
    expect(namespaces.filter(ns => ns.startsWith('search-'))).toEqual([]);
  });
});
