import { NotAllowedError } from '@backstage/errors';
import { localClusterRegistry, rejectionOf } from '../testUtils';
import { ApplyEngine } from './ApplyEngine';
import { DEFAULT_FORBIDDEN_KINDS } from '../guardrails/types';

// Talks to the local cluster.
jest.setTimeout(60_000);

const configMap = (name: string) => ({
  object: {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { probe: 'impersonation' },
  },
  source: 'test',
});

/**
 * Paved's own checks (permissions, guardrails) are skipped here on purpose: the cluster itself, seeing the
 * impersonated user and their groups, must still refuse writes outside their team's environments.
 */
describe('impersonation: the API server refuses what Paved would (checks bypassed)', () => {
  const engine = new ApplyEngine(localClusterRegistry(), {
    podSecurityRestricted: false,
    requireResources: false,
    requireProbes: false,
    forbidLatestTag: false,
    allowedRegistries: [],
    forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
    requireTeamEnvironment: false,
  });
  const as = (user: string, team: string) => ({
    user: `user:default/${user}`,
    groups: [`group:default/${team}`],
  });

  it.each([
    ['dave', 'team-search', 'checkout-dev', 'another team\u2019s environment'],
    [
      'carol',
      'team-search',
      'checkout-production',
      'another team\u2019s production',
    ],
    [
      'bob',
      'team-checkout',
      'checkout-production',
      'his own team\u2019s production (developers only read it)',
    ],
    ['bob', 'team-checkout', 'search-dev', 'another team\u2019s environment'],
  ])('%s (%s) cannot write to %s: %s', async (user, team, namespace) => {
    const error = await rejectionOf(
      engine.plan({
        cluster: 'local',
        objects: [configMap('impersonation-probe')],
        defaultNamespace: namespace,
        identity: as(user, team),
        skipGuardrails: true,
      }),
    );
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toContain(`User "user:default/${user}" cannot`);
  });

  it('lets a developer write to their own team\u2019s environment (the same request, allowed)', async () => {
    const plan = await engine.plan({
      cluster: 'local',
      objects: [configMap('impersonation-probe')],
      defaultNamespace: 'checkout-dev',
      identity: as('bob', 'team-checkout'),
      skipGuardrails: true,
    });
    expect(plan.results.map(r => r.namespace)).toEqual(['checkout-dev']);
  });
});
