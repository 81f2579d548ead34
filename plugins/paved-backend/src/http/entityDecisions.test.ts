import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createEntityDecider } from './entityDecisions';

const readLogs = createPermission({
  name: 'paved.entity.logs.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});
const readCost = createPermission({
  name: 'paved.entity.cost.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

const owned = (owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});
const SHOP = 'component:default/shop';

/** The policy's answer for a member of team-shop: the owner condition, as the tier policy gives it. */
const ownerOnly = (permission: typeof readLogs): PolicyDecision =>
  createCatalogConditionalDecision(
    permission,
    catalogConditions.isEntityOwner({
      claims: ['user:default/bob', 'group:default/team-shop'],
    }),
  );

/** Permissions whose policy gives `answer` per permission, and whose resource checks give `remote`. */
function permissionsGiving(
  answer: (name: string) => PolicyDecision,
  remote: AuthorizeResult = AuthorizeResult.ALLOW,
) {
  const authorizeConditional = jest.fn(
    async (requests: any[], _options?: unknown) =>
      requests.map(r => answer(r.permission.name)),
  );
  const authorize = jest.fn(async (requests: any[]) =>
    requests.map(() => ({ result: remote })),
  );
  return {
    authorizeConditional,
    authorize,
    service: {
      authorize,
      authorizeConditional,
    } as unknown as PermissionsService,
  };
}

const bobToken = mockCredentials.user.header('user:default/bob');
const credentials = mockCredentials.user('user:default/bob');

describe('createEntityDecider', () => {
  it('applies the catalog owner condition to the entity it holds, without asking the catalog again', async () => {
    const perms = permissionsGiving(() => ownerOnly(readLogs));
    const decide = createEntityDecider({
      permissions: perms.service,
      cacheMs: 0,
    });
    await expect(
      decide(bobToken, credentials, owned('group:default/team-shop'), SHOP, [
        readLogs,
      ]),
    ).resolves.toEqual([true]);
    await expect(
      decide(bobToken, credentials, owned('group:default/team-search'), SHOP, [
        readLogs,
      ]),
    ).resolves.toEqual([false]);
    expect(perms.authorize).not.toHaveBeenCalled();
  });

  it('gives plain allow and deny answers as they are, one policy call for all permissions', async () => {
    const perms = permissionsGiving(name => ({
      result:
        name === readCost.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    }));
    const decide = createEntityDecider({
      permissions: perms.service,
      cacheMs: 0,
    });
    await expect(
      decide(bobToken, credentials, owned('group:default/x'), SHOP, [
        readLogs,
        readCost,
      ]),
    ).resolves.toEqual([true, false]);
    expect(perms.authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('sends a condition with a rule it does not know to the permission backend with the entity ref', async () => {
    const unknownRule: PolicyDecision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'HAS_COST_CENTRE',
        resourceType: 'catalog-entity',
        params: {},
      },
    };
    const perms = permissionsGiving(
      name => (name === readLogs.name ? unknownRule : ownerOnly(readCost)),
      AuthorizeResult.DENY,
    );
    const decide = createEntityDecider({
      permissions: perms.service,
      cacheMs: 0,
    });
    await expect(
      decide(bobToken, credentials, owned('group:default/team-shop'), SHOP, [
        readLogs,
        readCost,
      ]),
    ).resolves.toEqual([false, true]);
    expect(perms.authorize).toHaveBeenCalledWith(
      [{ permission: readLogs, resourceRef: SHOP }],
      { credentials },
    );
  });

  it('sends a condition of another plugin to the permission backend', async () => {
    const perms = permissionsGiving(() => ({
      ...(ownerOnly(readLogs) as any),
      pluginId: 'other',
    }));
    const decide = createEntityDecider({
      permissions: perms.service,
      cacheMs: 0,
    });
    await expect(
      decide(bobToken, credentials, owned('group:default/nobody'), SHOP, [
        readLogs,
      ]),
    ).resolves.toEqual([true]);
    expect(perms.authorize).toHaveBeenCalledTimes(1);
  });

  it("reuses one token's policy answer for the cache time, never another token's", async () => {
    let nowMs = 0;
    const perms = permissionsGiving(() => ownerOnly(readLogs));
    const decide = createEntityDecider({
      permissions: perms.service,
      cacheMs: 3_000,
      now: () => nowMs,
    });
    const shop = owned('group:default/team-shop');
    await decide(bobToken, credentials, shop, SHOP, [readLogs]);
    // before two thirds of the cache time: answered without asking (later, a hit also refreshes)
    nowMs = 1_999;
    await decide(bobToken, credentials, shop, SHOP, [readLogs]);
    expect(perms.authorizeConditional).toHaveBeenCalledTimes(1);
    const dave = mockCredentials.user('user:default/dave');
    await decide(
      mockCredentials.user.header('user:default/dave'),
      dave,
      shop,
      SHOP,
      [readLogs],
    );
    expect(perms.authorizeConditional).toHaveBeenCalledTimes(2);
    expect(perms.authorizeConditional.mock.calls[1][1]).toEqual({
      credentials: dave,
    });
    nowMs = 3_000;
    await decide(bobToken, credentials, shop, SHOP, [readLogs]);
    expect(perms.authorizeConditional).toHaveBeenCalledTimes(3);
  });
});
