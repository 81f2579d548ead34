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
];

const memberships: Record<string, string[]> = {
  'user:default/bob': ['group:default/team-checkout'],
  'user:default/alice': ['group:default/team-checkout'],
  'user:default/erin': ['group:default/team-platform'],
};

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
    otherPermissions: 'allow',
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

  it('denies Paved permissions without a user and leaves other permissions to the setting', async () => {
    const p = policy();
    expect(
      (await p.handle({ permission: pavedEnvironmentApplyPermission })).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (
        await p.handle(
          {
            permission: {
              type: 'basic',
              name: 'catalog.entity.create',
              attributes: { action: 'create' },
            },
          },
          asUser('user:default/bob'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
