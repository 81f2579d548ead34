import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
} from '@paved/plugin-paved-node/testUtils';
import {
  ApplyEngine,
  DEFAULT_FORBIDDEN_KINDS,
  EnvironmentService,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import {
  PavedTierPolicy,
  TeamDirectory,
} from '@paved/plugin-permission-backend-module-paved';
import { randomBytes } from 'node:crypto';
import { createEnvironmentCloneAction } from './clone';
import { createEnvironmentCreateAction } from './create';
import { createEnvironmentDeleteAction } from './delete';
import { EnvironmentCloneChange } from '@paved/plugin-paved-common';
import { PavedBackendClient } from '@paved/plugin-paved-node';

// Talks to the local cluster.
jest.setTimeout(300_000);

// Teams of this run only, so the cases never touch the demo environments.
const run = randomBytes(3).toString('hex');
const teamA = `group:default/tier${run}a`;
const teamB = `group:default/tier${run}b`;
const admins = `group:default/tier${run}admins`;
const users: Record<string, string[]> = {
  developer: [teamA],
  lead: [teamA],
  other: [teamB],
  admin: [admins],
};
const ref = (name: string) => `user:default/${run}-${name}`;
const infoOf = (credentials: BackstageCredentials) => {
  const user = (credentials.principal as { userEntityRef: string })
    .userEntityRef;
  const name = user.slice(`user:default/${run}-`.length);
  return { userEntityRef: user, ownershipEntityRefs: [user, ...users[name]] };
};
const userInfo: UserInfoService = {
  getUserInfo: async credentials => infoOf(credentials),
};
const catalog = catalogServiceMock({
  entities: [teamA, teamB, admins].map(
    (group): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: group.split('/')[1],
        namespace: 'default',
        annotations:
          group === teamA ? { 'paved.dev/team-leads': ref('lead') } : {},
      },
      spec: { type: 'team', children: [] },
    }),
  ),
});

// The tier policy, answering as the permission backend would for these users.
const policy = new PavedTierPolicy({
  userInfo,
  teams: new TeamDirectory(catalog, mockServices.auth()),
  platformAdminGroups: [admins],
});
const permissions = {
  async authorize(requests: any[], { credentials }: any) {
    return Promise.all(
      requests.map(async r => {
        const decision = await policy.handle(
          { permission: r.permission },
          { credentials, info: infoOf(credentials) },
        );
        if (decision.result === AuthorizeResult.CONDITIONAL) {
          throw new Error('the actions only ask conditional questions');
        }
        return decision;
      }),
    );
  },
  async authorizeConditional(requests: any[], { credentials }: any) {
    return Promise.all(
      requests.map(r =>
        policy.handle(
          { permission: r.permission },
          { credentials, info: infoOf(credentials) },
        ),
      ),
    );
  },
} as unknown as PermissionsService;

const clusters = localClusterRegistry();
const engine = new ApplyEngine(clusters, {
  podSecurityRestricted: true,
  requireResources: true,
  requireProbes: true,
  forbidLatestTag: true,
  allowedRegistries: [],
  forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
  requireTeamEnvironment: true,
});
// every case that makes a protected environment gets a protected name of its own
const PROTECTED = ['production', 'p-developer', 'p-lead', 'p-other', 'p-admin'];
const environments = EnvironmentService.fromConfig(
  new ConfigReader({
    paved: {
      access: { platformAdminGroups: [admins] },
      environments: { protected: PROTECTED },
    },
  }),
  { clusters, engine },
);
// The Paved backend's approval endpoint, as far as the actions see it: it records what it is asked.
// The backend's own handling (plan, store, approve, run) is tested end to end against the running app.
const approvalRequests: EnvironmentCloneChange[] = [];
const paved = {
  async requestApproval(change: EnvironmentCloneChange) {
    approvalRequests.push(change);
    return {
      id: `request-${approvalRequests.length}`,
      cluster: change.cluster,
      namespace: `tier${run}a-${change.name}`,
      team: change.team ?? '',
      status: 'pending',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      diff: '',
      summary: '',
    };
  },
  async recordAudit() {},
} as unknown as PavedBackendClient;
const deps = {
  environments,
  userInfo,
  catalog,
  auditor: mockServices.auditor.mock(),
  permissions,
  paved,
};
const create = createEnvironmentCreateAction(deps);
const clone = createEnvironmentCloneAction(deps);
const remove = createEnvironmentDeleteAction({ ...deps, clusters });

// the mock context has no option for the initiator; set it on the context like the scaffolder does
const ctx = (user: string, input: Record<string, unknown>): any =>
  Object.assign(
    createMockActionContext({ input: { cluster: 'local', ...input } as any }),
    {
      getInitiatorCredentials: async () => mockCredentials.user(ref(user)),
    },
  );

type Outcome = 'allow' | 'approval' | 'deny';
const teamANamespace = (name: string) => `tier${run}a-${name}`;

describe('environment actions by tier (real tier policy, local cluster)', () => {
  let admin: KubernetesClient;
  const made = new Set<string>();

  beforeAll(async () => {
    admin = await localAdminClient();
    // the environments the delete and clone cases act on, made by a platform admin
    for (const name of ['source', 'production']) {
      await create.handler(
        ctx('admin', { name, team: teamA, lifecycle: 'persistent' }),
      );
      made.add(teamANamespace(name));
    }
  });
  afterAll(async () => {
    for (const ns of made) {
      await admin
        .request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` })
        .catch(() => undefined);
    }
  });

  async function outcome(action: () => Promise<unknown>): Promise<Outcome> {
    try {
      await action();
      return 'allow';
    } catch (error) {
      if ((error as Error).name === 'NotAllowedError') return 'deny';
      throw error;
    }
  }

  // user, protected target, expected outcome
  const createCases: Array<[string, boolean, Outcome]> = [
    ['developer', false, 'allow'],
    ['developer', true, 'deny'],
    ['lead', false, 'allow'],
    ['lead', true, 'allow'],
    ['other', false, 'deny'],
    ['other', true, 'deny'],
    ['admin', false, 'allow'],
    ['admin', true, 'allow'],
  ];

  it.each(createCases)(
    'create: %s, protected %s → %s',
    async (user, isProtected, expected) => {
      // "production" is protected; it exists already, so the allowed protected cases use a second team
      // namespace name that is protected by the same rule: production of a fresh team
      const team = isProtected ? `${teamA}` : teamA;
      const name = isProtected
        ? 'production'
        : `c${randomBytes(2).toString('hex')}`;
      const got = await outcome(async () => {
        await create.handler(
          ctx(user, { name, team, lifecycle: 'persistent' }),
        );
      });
      if (got === 'allow') made.add(teamANamespace(name));
      expect(got).toBe(expected);
    },
  );

  const cloneCases: Array<[string, boolean, Outcome]> = [
    ['developer', false, 'allow'],
    ['developer', true, 'approval'],
    ['lead', false, 'allow'],
    ['lead', true, 'allow'],
    ['other', false, 'deny'],
    ['other', true, 'deny'],
    ['admin', false, 'allow'],
    ['admin', true, 'allow'],
  ];

  it.each(cloneCases)(
    'clone into: %s, protected %s → %s',
    async (user, isProtected, expected) => {
      // every protected case gets a protected name of its own
      const name = isProtected
        ? `p-${user}`
        : `k${randomBytes(2).toString('hex')}`;
      const asked = approvalRequests.length;
      const task = ctx(user, {
        source: teamANamespace('source'),
        name,
        team: teamA,
        lifecycle: 'persistent',
        wait: false,
      });
      const approval = await outcome(() => clone.handler(task)).then(
        result => ({
          result,
          call: task.output.mock.calls.find(
            ([key]: [string]) => key === 'approval',
          ),
        }),
      );
      const got =
        approval.result === 'allow' && approval.call
          ? 'approval'
          : approval.result;
      const exists = await admin
        .request({ path: `/api/v1/namespaces/${teamANamespace(name)}` })
        .then(() => true)
        .catch(() => false);
      if (exists) made.add(teamANamespace(name));
      // only an allowed clone creates anything; an approval is asked for exactly once, for what the
      // user asked, and the action says so
      const gated = expected === 'approval';
      const output = approval.call?.[1];
      expect({
        got,
        exists,
        asked: approvalRequests.slice(asked).map(r => ({
          source: r.source,
          name: r.name,
          team: r.team,
          secretPolicy: r.secretPolicy,
        })),
        output: output && {
          status: output.status,
          namespace: output.namespace,
        },
      }).toEqual({
        got: expected,
        exists: expected === 'allow',
        asked: gated
          ? [
              {
                source: teamANamespace('source'),
                name,
                team: teamA,
                secretPolicy: 'placeholder',
              },
            ]
          : [],
        output: gated
          ? { status: 'pending', namespace: teamANamespace(name) }
          : undefined,
      });
    },
  );

  const deleteCases: Array<[string, boolean, Outcome]> = [
    ['developer', false, 'allow'],
    ['developer', true, 'deny'],
    ['lead', false, 'allow'],
    ['lead', true, 'deny'],
    ['other', false, 'deny'],
    ['other', true, 'deny'],
    ['admin', false, 'allow'],
  ];

  it.each(deleteCases)(
    'delete: %s, protected %s → %s',
    async (user, isProtected, expected) => {
      let namespace = teamANamespace('production');
      if (!isProtected) {
        const name = `d${randomBytes(2).toString('hex')}`;
        await create.handler(
          ctx('admin', { name, team: teamA, lifecycle: 'persistent' }),
        );
        namespace = teamANamespace(name);
        made.add(namespace);
      }
      const got = await outcome(() => remove.handler(ctx(user, { namespace })));
      const ns = await admin
        .request<any>({ path: `/api/v1/namespaces/${namespace}` })
        .catch(() => undefined);
      // a refused delete leaves the namespace as it was; an allowed one is gone or going
      expect([
        got,
        ns?.status?.phase === 'Active' ? 'kept' : 'deleted',
      ]).toEqual([expected, expected === 'deny' ? 'kept' : 'deleted']);
    },
  );

  it('refuses before changing anything: a denied create leaves no namespace', async () => {
    const name = `n${randomBytes(2).toString('hex')}`;
    const error = await rejectionOf(
      create.handler(ctx('other', { name, team: teamA })),
    );
    expect(error.message).toContain('paved.environment.create is not granted');
    expect(
      await admin
        .request({ path: `/api/v1/namespaces/${teamANamespace(name)}` })
        .then(() => 'exists')
        .catch(e => e.name),
    ).toBe('NotFoundError');
  });
});
