import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  PavedEnvironmentResource,
  pavedApprovalDecidePermission,
  pavedChangeRequestPermission,
  pavedEntityLogsReadPermission,
  pavedEnvironmentApplyPermission,
  pavedEnvironmentClonePermission,
  pavedEnvironmentCreatePermission,
  pavedEnvironmentDeletePermission,
  pavedPlatformAdminPermission,
} from '@paved/plugin-paved-common';
import { pavedEnvironmentPermissionRules } from '@paved/plugin-paved-node';
import { PavedTierPolicy } from './PavedTierPolicy';
import { TeamDirectory } from './TeamDirectory';

const memberships: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/alice': ['group:default/team-checkout'],
  'user:default/erin': ['group:default/team-platform'],
};

const groups = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'team-checkout',
      namespace: 'default',
      annotations: { 'paved.dev/team-leads': 'user:default/alice' },
    },
    spec: { type: 'team', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-platform', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
].map(group => ({
  ...group,
  relations: Object.entries(memberships)
    .filter(([, teams]) =>
      teams.includes(`group:default/${group.metadata.name}`),
    )
    .map(([user]) => ({ type: 'hasMember', targetRef: user })),
}));

const logger = mockServices.logger.mock();

function policy() {
  const userInfo = {
    async getUserInfo(credentials: any) {
      const user = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: user,
        ownershipEntityRefs: [user, ...(memberships[user] ?? [])],
      };
    },
  };
  return new PavedTierPolicy({
    userInfo,
    teams: new TeamDirectory(
      catalogServiceMock({ entities: groups }),
      mockServices.auth(),
    ),
    platformAdminGroups: ['group:default/team-platform'],
    allowPermissions: ['search.query.extra'],
    logger,
  });
}

const asUser = (user: string) => ({
  credentials: mockCredentials.user(user),
  info: { userEntityRef: user, ownershipEntityRefs: [] },
});

const authorize = createConditionAuthorizer(
  Object.values(pavedEnvironmentPermissionRules),
);

function env(team: string, isProtected: boolean): PavedEnvironmentResource {
  return {
    cluster: 'local',
    namespace: `${team.split('/')[1]}-${isProtected ? 'production' : 'dev'}`,
    team,
    protected: isProtected,
  };
}

const own = 'group:default/team-checkout';
const other = 'group:default/team-search';
const writes = [
  pavedEnvironmentCreatePermission,
  pavedEnvironmentClonePermission,
  pavedEnvironmentApplyPermission,
];

// [tier user, team, protected, write allowed, delete allowed, change request allowed, approval decision allowed]
const table: Array<
  [string, string, boolean, boolean, boolean, boolean, boolean]
> = [
  ['user:default/bob', own, false, true, true, true, false],
  ['user:default/bob', own, true, false, false, true, false],
  ['user:default/bob', other, false, false, false, false, false],
  ['user:default/bob', other, true, false, false, false, false],
  ['user:default/alice', own, false, true, true, true, true],
  ['user:default/alice', own, true, true, false, true, true],
  ['user:default/alice', other, false, false, false, false, false],
  ['user:default/alice', other, true, false, false, false, false],
  ['user:default/erin', own, false, true, true, true, true],
  ['user:default/erin', own, true, true, true, true, true],
  ['user:default/erin', other, true, true, true, true, true],
];

describe('PavedTierPolicy', () => {
  async function allowed(
    user: string,
    permission: any,
    resource: PavedEnvironmentResource,
  ) {
    const decision: PolicyDecision = await policy().handle(
      { permission },
      asUser(user),
    );
    return authorize(decision, resource);
  }

  it.each(table)(
    '%s in %s (protected: %s): write %s, delete %s, request %s, approve %s',
    async (user, team, isProtected, write, remove, request, approve) => {
      const resource = env(team, isProtected);
      for (const permission of writes) {
        expect([
          permission.name,
          await allowed(user, permission, resource),
        ]).toEqual([permission.name, write]);
      }
      expect(
        await allowed(user, pavedEnvironmentDeletePermission, resource),
      ).toBe(remove);
      expect(await allowed(user, pavedChangeRequestPermission, resource)).toBe(
        request,
      );
      expect(await allowed(user, pavedApprovalDecidePermission, resource)).toBe(
        approve,
      );
    },
  );

  it('gives the platform admin permission to platform admins only', async () => {
    const p = policy();
    const decide = async (user: string) =>
      (
        await p.handle(
          { permission: pavedPlatformAdminPermission },
          asUser(user),
        )
      ).result;
    expect(await decide('user:default/erin')).toBe(AuthorizeResult.ALLOW);
    expect(await decide('user:default/alice')).toBe(AuthorizeResult.DENY);
    expect(await decide('user:default/bob')).toBe(AuthorizeResult.DENY);
  });

  it('scopes entity views to the owner through the catalog rule', async () => {
    const decision = await policy().handle(
      { permission: pavedEntityLogsReadPermission },
      asUser('user:default/bob'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/bob', 'group:default/team-checkout'],
        },
      },
    });
  });

  const basic = (name: string) => ({
    type: 'basic' as const,
    name,
    attributes: {},
  });
  const entityPermission = (name: string) => ({
    type: 'resource' as const,
    name,
    attributes: {},
    resourceType: 'catalog-entity',
  });
  const taskPermission = (name: string) => ({
    type: 'resource' as const,
    name,
    attributes: {},
    resourceType: 'scaffolder-task',
  });

  it('denies every permission, Paved\u2019s or not, to a caller without a user', async () => {
    const p = policy();
    for (const permission of [
      pavedEnvironmentApplyPermission,
      basic('catalog.entity.read'),
      basic('kubernetes.resources.read'),
      basic('scaffolder.task.create'),
    ]) {
      expect([
        permission.name,
        (await p.handle({ permission })).result,
      ]).toEqual([permission.name, AuthorizeResult.DENY]);
    }
  });

  // permission → [developer bob, lead alice, platform admin erin, user without a team]
  const basicTable: Array<[string, AuthorizeResult[]]> = [
    ['catalog.entity.read', ['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW']],
    ['catalog.location.read', ['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW']],
    ['catalog.entity.create', ['DENY', 'ALLOW', 'ALLOW', 'DENY']],
    ['catalog.location.create', ['DENY', 'ALLOW', 'ALLOW', 'DENY']],
    ['catalog.location.analyze', ['ALLOW', 'ALLOW', 'ALLOW', 'DENY']],
    ['catalog.location.delete', ['DENY', 'DENY', 'ALLOW', 'DENY']],
    ['catalog.ingestion.manage', ['DENY', 'DENY', 'ALLOW', 'DENY']],
    ['scaffolder.task.create', ['ALLOW', 'ALLOW', 'ALLOW', 'DENY']],
    ['scaffolder.template.management', ['DENY', 'DENY', 'ALLOW', 'DENY']],
    ['kubernetes.resources.read', ['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW']],
    ['kubernetes.proxy', ['DENY', 'DENY', 'ALLOW', 'DENY']],
    ['some.plugin.unknown', ['DENY', 'DENY', 'ALLOW', 'DENY']],
    ['search.query.extra', ['ALLOW', 'ALLOW', 'ALLOW', 'ALLOW']],
  ].map(([name, results]) => [
    name as string,
    (results as string[]).map(r => AuthorizeResult[r as 'ALLOW' | 'DENY']),
  ]);

  it.each(basicTable)(
    '%s → developer, lead, platform admin, no team: %j',
    async (name, expected) => {
      const p = policy();
      const results = [];
      for (const user of [
        'user:default/bob',
        'user:default/alice',
        'user:default/erin',
        'user:default/nobody',
      ]) {
        results.push(
          (await p.handle({ permission: basic(name) }, asUser(user))).result,
        );
      }
      expect(results).toEqual(expected);
    },
  );

  it('logs an unknown permission once, naming the config that allows it', async () => {
    const p = policy();
    logger.warn.mockClear();
    await p.handle(
      { permission: basic('other.thing.write') },
      asUser('user:default/bob'),
    );
    await p.handle(
      { permission: basic('other.thing.write') },
      asUser('user:default/bob'),
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('other.thing.write');
    expect(logger.warn.mock.calls[0][0]).toContain(
      'paved.access.allowPermissions',
    );
  });

  it('limits refreshing catalog entities to their owners and deleting them to the owning team\u2019s leads', async () => {
    const p = policy();
    expect(
      await p.handle(
        { permission: entityPermission('catalog.entity.refresh') },
        asUser('user:default/bob'),
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['user:default/bob', 'group:default/team-checkout'] },
      },
    });
    expect(
      (
        await p.handle(
          { permission: entityPermission('catalog.entity.delete') },
          asUser('user:default/bob'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      await p.handle(
        { permission: entityPermission('catalog.entity.delete') },
        asUser('user:default/alice'),
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: { claims: ['group:default/team-checkout'] },
      },
    });
  });

  it('lets a developer read only their own tasks, and a lead the tasks of their team\u2019s members', async () => {
    const p = policy();
    const createdBy = async (user: string) => {
      const decision = await p.handle(
        { permission: taskPermission('scaffolder.task.read') },
        asUser(user),
      );
      expect(decision).toMatchObject({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: { rule: 'IS_TASK_OWNER' },
      });
      return [
        ...((decision as any).conditions.params.createdBy as string[]),
      ].sort();
    };
    expect(await createdBy('user:default/bob')).toEqual(['user:default/bob']);
    expect(await createdBy('user:default/alice')).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(
      (
        await p.handle(
          { permission: taskPermission('scaffolder.task.read') },
          asUser('user:default/erin'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
