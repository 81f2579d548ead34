import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  component,
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

  it('shows the owning team its own environments only', async () => {
    const res = await request(server)
      .get('/api/paved/entities/default/component/checkout-api/overview')
      .set('Authorization', mockCredentials.user.header('user:default/bob'));
    expect(res.status).toBe(200);
    const namespaces: string[] = res.body.environments.map(
      (e: { namespace: string }) => e.namespace,
    );
    expect(namespaces).toContain('checkout-production');
    expect(namespaces.filter(ns => !ns.startsWith('checkout-'))).toEqual([]);
  });
});
