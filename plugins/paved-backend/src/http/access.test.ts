import { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import express from 'express';
import { createAccess } from './access';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';
import { component } from '../__testUtils__/startPavedBackend';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'group:default/team-shop' },
};

const readLogs = createPermission({
  name: 'paved.entity.logs.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** A request for component:default/shop made with `user`'s token. */
function requestAs(user: string): express.Request {
  return {
    params: { namespace: 'default', kind: 'component', name: 'shop' },
    headers: { authorization: mockCredentials.user.header(user) },
  } as unknown as express.Request;
}

/** Access over `catalog`, for a user every permission allows. */
function accessOver(
  catalog: CatalogService,
  cache: { cacheMs?: number; now?: () => number } = {},
) {
  return createAccess({
    ...cache,
    httpAuth: mockServices.httpAuth(),
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/bob',
        ownershipEntityRefs: ['user:default/bob'],
      }),
    },
    permissions: {
      authorizeConditional: async (requests: unknown[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    } as unknown as PermissionsService,
    catalog,
  });
}

/** Access over a catalog whose lookups wait until `release` is called; every lookup is counted. */
function setup(cache: { cacheMs?: number; now?: () => number } = {}) {
  const catalog = catalogServiceMock({ entities: [entity] });
  let release: () => void = () => {};
  let gate = new Promise<void>(resolve => {
    release = resolve;
  });
  const lookups: string[] = [];
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = (async (ref: any, options: any) => {
    lookups.push(options.credentials.principal.userEntityRef);
    await gate;
    return getEntityByRef(ref, options);
  }) as typeof catalog.getEntityByRef;
  const access = accessOver(catalog, cache);
  return {
    access,
    lookups,
    open: () => release(),
    closeAgain: () => {
      gate = new Promise<void>(resolve => {
        release = resolve;
      });
    },
  };
}

describe('createAccess: the entity of a request', () => {
  it('asks the catalog once for the cards of one page that ask at the same moment with the same token', async () => {
    const { access, lookups, open } = setup();
    const bob = requestAs('user:default/bob');
    const answers = Promise.all([
      access.entityWithDecisions(bob, [readLogs]),
      access.entityWithDecisions(requestAs('user:default/bob'), [readLogs]),
      access.authorizedEntity(requestAs('user:default/bob'), {
        permission: readLogs,
        refusal: () => 'no',
      }),
    ]);
    await new Promise(resolve => setImmediate(resolve));
    expect(lookups).toEqual(['user:default/bob']);
    open();
    const [a, b, c] = await answers;
    expect(a.entity.metadata.name).toBe('shop');
    expect(b.entity.metadata.name).toBe('shop');
    expect(c.entity.metadata.name).toBe('shop');
  });

  it('never shares a lookup between two tokens, nor keeps a finished answer', async () => {
    const { access, lookups, open, closeAgain } = setup();
    const both = Promise.all([
      access.entityWithDecisions(requestAs('user:default/bob'), [readLogs]),
      access.entityWithDecisions(requestAs('user:default/dave'), [readLogs]),
    ]);
    await new Promise(resolve => setImmediate(resolve));
    expect(lookups).toEqual(['user:default/bob', 'user:default/dave']);
    open();
    await both;

    closeAgain();
    const later = access.entityWithDecisions(requestAs('user:default/bob'), [
      readLogs,
    ]);
    await new Promise(resolve => setImmediate(resolve));
    expect(lookups).toEqual([
      'user:default/bob',
      'user:default/dave',
      'user:default/bob',
    ]);
    open();
    await later;
  });

  it("with a cache time, keeps one token's finished answer for that long, and never gives it to another token", async () => {
    let nowMs = 1_000;
    const { access, lookups, open } = setup({
      cacheMs: 3_000,
      now: () => nowMs,
    });
    open();
    const bob = () =>
      access.entityWithDecisions(requestAs('user:default/bob'), [readLogs]);
    await bob();
    // before two thirds of the cache time: answered without a lookup (later, a hit also refreshes)
    nowMs += 1_999;
    await bob();
    expect(lookups).toEqual(['user:default/bob']);
    await access.entityWithDecisions(requestAs('user:default/dave'), [
      readLogs,
    ]);
    expect(lookups).toEqual(['user:default/bob', 'user:default/dave']);
    nowMs += 1_001;
    await bob();
    expect(lookups).toEqual([
      'user:default/bob',
      'user:default/dave',
      'user:default/bob',
    ]);
  });

  it('lets the next request ask again after a lookup failed', async () => {
    const catalogFailure = new Error('catalog unavailable');
    const failing = accessOver({
      ...catalogServiceMock({ entities: [entity] }),
      getEntityByRef: jest
        .fn()
        .mockRejectedValueOnce(catalogFailure)
        .mockResolvedValueOnce(entity),
    } as unknown as CatalogService);
    await expect(
      failing.entityWithDecisions(requestAs('user:default/bob'), [readLogs]),
    ).rejects.toBe(catalogFailure);
    await expect(
      failing.entityWithDecisions(requestAs('user:default/bob'), [readLogs]),
    ).resolves.toMatchObject({ entityRef: 'component:default/shop' });
  });
});

describe('which services of a trace a caller may read', () => {
  const readTraces = createPermission({
    name: 'paved.entity.traces.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  });
  /** Access for Dave (team Search) with the real tier policy over `entities`. */
  function ownerAccess(entities: Entity[], owner: string) {
    const teams = { 'user:default/dave': [owner] };
    return createAccess({
      httpAuth: mockServices.httpAuth(),
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/dave',
          ownershipEntityRefs: ['user:default/dave', owner],
        }),
      },
      permissions: tierPolicyPermissions({ teams, leads: {}, entities }),
      catalog: catalogServiceMock({ entities }),
    });
  }

  it('allows a service only when the caller holds the permission on every component claiming it', async () => {
    const entities = [
      component('search-api', 'team-search', 'search-api'),
      component('checkout-api', 'team-checkout', 'checkout-api'),
      // registered by team Search to claim checkout-api's service
      component('my-checkout', 'team-search', 'checkout-api'),
      // no kubernetes-id: found by its name
      component('storefront', 'team-checkout'),
    ];
    const access = ownerAccess(entities, 'group:default/team-search');
    const allowed = await access.servicesAllowed(
      requestAs('user:default/dave'),
      ['search-api', 'checkout-api', 'storefront', 'unknown-service'],
      readTraces,
    );
    expect([...allowed]).toEqual(['search-api']);
  });
});

describe('whether a caller is a platform admin', () => {
  /** Access whose policy allows `paved.platform.admin` to `admins`; every question is counted. */
  function adminAccess(admins: string[], cacheMs: number, now: () => number) {
    const asked: string[] = [];
    const access = createAccess({
      cacheMs,
      now,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      permissions: {
        authorize: async (requests: unknown[], options: any) => {
          const user = options.credentials.principal.userEntityRef;
          asked.push(user);
          return requests.map(() => ({
            result: admins.includes(user)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          }));
        },
      } as unknown as PermissionsService,
      catalog: catalogServiceMock({ entities: [] }),
    });
    return { access, asked };
  }

  const credentialsOf = (user: string) => mockCredentials.user(user);

  it("keeps one token's answer for the cache time, never gives it to another token, and asks again after it", async () => {
    let nowMs = 1_000;
    const { access, asked } = adminAccess(
      ['user:default/erin'],
      3_000,
      () => nowMs,
    );
    const ask = (user: string) =>
      access.isPlatformAdmin(requestAs(user), credentialsOf(user));
    expect(await ask('user:default/erin')).toBe(true);
    expect(await ask('user:default/bob')).toBe(false);
    nowMs += 1_000;
    expect(await ask('user:default/erin')).toBe(true);
    expect(await ask('user:default/bob')).toBe(false);
    expect(asked).toEqual(['user:default/erin', 'user:default/bob']);
    nowMs += 2_001;
    expect(await ask('user:default/bob')).toBe(false);
    expect(asked).toEqual([
      'user:default/erin',
      'user:default/bob',
      'user:default/bob',
    ]);
  });

  it('asks the policy on every call without a cache time', async () => {
    const { access, asked } = adminAccess([], 0, () => 0);
    const bob = 'user:default/bob';
    await access.isPlatformAdmin(requestAs(bob), credentialsOf(bob));
    await access.isPlatformAdmin(requestAs(bob), credentialsOf(bob));
    expect(asked).toEqual([bob, bob]);
  });
});
