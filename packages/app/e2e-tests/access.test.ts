import { expect, test } from '@playwright/test';
import { backendUrl } from './backends';
import { USERS, as } from './users';

// Every entity endpoint of the Paved backend, for a component owned by team-checkout.
const entity = () =>
  `${backendUrl()}/api/paved/entities/default/component/checkout-api`;
const endpoints = [
  'overview',
  'logs?tail=5',
  'events',
  'metrics/current',
  'metrics/golden-signals?range=15m',
  'diagnoses',
];

// who → expected status: the owner's developer and lead, and platform admins, may; the other team may not
const expected: Array<[keyof typeof USERS, string, number]> = [
  ['bob', 'developer, own team', 200],
  ['alice', 'team lead, own team', 200],
  ['dave', 'developer, other team', 403],
  ['carol', 'team lead, other team', 403],
  ['erin', 'platform admin', 200],
];

test.describe('entity views are owner-scoped (real tokens, running backend)', () => {
  for (const [user, tier, status] of expected) {
    test(`${user} (${tier}) gets ${status} on every endpoint`, async ({
      request,
    }) => {
      const headers = await as(request, user);
      const seen: Record<string, number> = {};
      for (const path of endpoints) {
        const res = await request.get(`${entity()}/${path}`, { headers });
        seen[path] = res.status();
        if (status === 403) {
          expect((await res.json()).error.message).toContain(
            'component:default/checkout-api',
          );
        }
      }
      // the follow stream refuses before it starts streaming
      const follow = await request
        .get(`${entity()}/logs/follow`, {
          headers,
          timeout: status === 403 ? 10_000 : 3_000,
        })
        .catch(() => undefined);
      if (status === 403) seen['logs/follow'] = follow!.status();
      expect(seen).toEqual(
        Object.fromEntries(
          [...endpoints, ...(status === 403 ? ['logs/follow'] : [])].map(p => [
            p,
            status,
          ]),
        ),
      );
    });
  }
});

test.describe('an environment\u2019s cost is for its owners and platform admins (real tokens)', () => {
  const url = () =>
    `${backendUrl()}/api/paved/entities/default/resource/local-checkout-dev/cost`;

  test.beforeAll(async ({ request }) => {
    // the environments reach the catalog through Paved's entity provider, a few seconds after start
    const headers = await as(request, 'erin');
    await expect
      .poll(
        async () =>
          (
            await request.get(
              `${backendUrl()}/api/catalog/entities/by-name/resource/default/local-checkout-dev`,
              { headers },
            )
          ).status(),
        { timeout: 60_000 },
      )
      .toBe(200);
  });

  for (const [user, tier, status] of expected) {
    test(`${user} (${tier}) gets ${status}`, async ({ request }) => {
      const res = await request.get(url(), {
        headers: await as(request, user),
      });
      const body = await res.json();
      expect(res.status(), JSON.stringify(body).slice(0, 300)).toBe(status);
      if (status === 200) {
        expect(body).toMatchObject({
          namespace: 'checkout-dev',
          environment: 'dev',
          team: 'group:default/team-checkout',
        });
        expect(body.byComponent.map((c: any) => c.name)).toContain(
          'checkout-api',
        );
      } else {
        expect(body.error.message).toContain(
          'resource:default/local-checkout-dev',
        );
      }
    });
  }
});
