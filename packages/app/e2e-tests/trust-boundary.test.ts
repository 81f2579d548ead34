import { APIRequestContext, expect, test } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { backendUrl } from './backends';
import { installedBackendPluginIds } from './installedPlugins';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { runTemplate } from './scaffolderApi';
import { signIn } from './signIn';
import { USERS, as, userToken } from './users';

/**
 * The whole instance as one trust boundary, asked on the running backend with real tokens: every permission
 * registered by every installed plugin, by tier; the Kubernetes plugin's routes; the catalog's org; the
 * plugins' internal routes; and what an anonymous caller gets.
 */

type Tier = 'developer' | 'lead' | 'otherDeveloper' | 'admin';
const TIERS: Record<Tier, keyof typeof USERS> = {
  developer: 'bob', // team-checkout
  lead: 'alice', // lead of team-checkout
  otherDeveloper: 'dave', // team-search
  admin: 'erin', // team-platform, a platform admin group
};
type Decision = 'ALLOW' | 'DENY' | 'CONDITIONAL';

interface RegisteredPermission {
  type: 'basic' | 'resource';
  name: string;
  attributes: Record<string, string>;
  resourceType?: string;
}

/**
 * The objects that resource permissions are asked about, by resource type: team Checkout's, and a scaffolder
 * task Bob (team Checkout) started. A resource type without a sample here (one of a plugin installed later) is
 * asked about an object that does not exist, which a rule-less permission needs no lookup of.
 */
function resourcesOf(
  resourceType: string,
  bobsTask: string,
): Array<{ label: string; ref: string }> {
  const samples: Record<string, Array<{ label: string; ref: string }>> = {
    'catalog-entity': [
      { label: 'checkout-api', ref: 'component:default/checkout-api' },
    ],
    'paved-environment': [
      { label: 'checkout-dev', ref: 'local/checkout-dev' },
      { label: 'checkout-production', ref: 'local/checkout-production' },
    ],
    'scaffolder-task': [{ label: "bob's task", ref: bobsTask }],
    'scaffolder-template': [
      {
        label: 'delete-environment',
        ref: 'template:default/delete-environment',
      },
    ],
    'scaffolder-action': [
      { label: 'kubernetes:apply', ref: 'kubernetes:apply' },
    ],
  };
  return (
    samples[resourceType] ?? [{ label: 'a probe', ref: 'probe:default/none' }]
  );
}

const ALL: Record<Tier, Decision> = {
  developer: 'ALLOW',
  lead: 'ALLOW',
  otherDeveloper: 'ALLOW',
  admin: 'ALLOW',
};
const ADMIN_ONLY: Record<Tier, Decision> = {
  developer: 'DENY',
  lead: 'DENY',
  otherDeveloper: 'DENY',
  admin: 'ALLOW',
};
const CHECKOUT: Record<Tier, Decision> = {
  developer: 'ALLOW',
  lead: 'ALLOW',
  otherDeveloper: 'DENY',
  admin: 'ALLOW',
};
const CHECKOUT_LEAD: Record<Tier, Decision> = {
  developer: 'DENY',
  lead: 'ALLOW',
  otherDeveloper: 'DENY',
  admin: 'ALLOW',
};
/** Team leads of any team, and platform admins. */
const LEADS: Record<Tier, Decision> = {
  developer: 'DENY',
  lead: 'ALLOW',
  otherDeveloper: 'DENY',
  admin: 'ALLOW',
};

/**
 * What each tier gets, by permission name and (for resource permissions) target. A permission this table does
 * not name, e.g. one of a plugin installed later, must be denied to everyone but platform admins.
 */
function expectedDecision(
  name: string,
  target: string | undefined,
): Record<Tier, Decision> {
  const byName: Record<string, Record<Tier, Decision>> = {
    'catalog.entity.read': ALL,
    'catalog.location.read': ALL,
    'catalog.entity.validate': ALL,
    'catalog.location.analyze': ALL,
    'catalog.entity.create': LEADS,
    'catalog.location.create': LEADS,
    'catalog.entity.refresh': CHECKOUT,
    'catalog.entity.delete': CHECKOUT_LEAD,
    'scaffolder.template.parameter.read': ALL,
    'scaffolder.template.step.read': ALL,
    'scaffolder.action.execute': ALL,
    'scaffolder.task.create': ALL,
    'scaffolder.template.dry-run': ALL,
    // Bob's task: Bob, the lead of his team, platform admins
    'scaffolder.task.read': CHECKOUT,
    'scaffolder.task.cancel': CHECKOUT,
    'kubernetes.clusters.read': ALL,
    'kubernetes.resources.read': ALL,
    'paved.entity.read': CHECKOUT,
    'paved.entity.logs.read': CHECKOUT,
    'paved.entity.events.read': CHECKOUT,
    'paved.entity.metrics.read': CHECKOUT,
    'paved.entity.traces.read': CHECKOUT,
    'paved.entity.cost.read': CHECKOUT,
    'paved.entity.secrets.read': CHECKOUT,
    'paved.environment.change.request': CHECKOUT,
    'paved.approval.decide': CHECKOUT_LEAD,
  };
  const writes = [
    'paved.environment.create',
    'paved.environment.clone',
    'paved.environment.apply',
    'paved.environment.delete',
  ];
  if (writes.includes(name)) {
    if (target === 'checkout-dev') return CHECKOUT;
    // production: leads change it, only platform admins delete it
    return name === 'paved.environment.delete' ? ADMIN_ONLY : CHECKOUT_LEAD;
  }
  return byName[name] ?? ADMIN_ONLY;
}

async function registeredPermissions(
  request: APIRequestContext,
): Promise<Array<RegisteredPermission & { pluginId: string }>> {
  const headers = await as(request, 'erin');
  const found = new Map<string, RegisteredPermission & { pluginId: string }>();
  for (const pluginId of installedBackendPluginIds()) {
    const res = await request.get(
      `${backendUrl()}/api/${pluginId}/.well-known/backstage/permissions/metadata`,
      { headers },
    );
    if (res.status() === 404) continue; // a plugin without permissions has no integration router
    expect(res.status(), `${pluginId} permission metadata`).toBe(200);
    const { permissions } = (await res.json()) as {
      permissions?: RegisteredPermission[];
    };
    for (const permission of permissions ?? []) {
      found.set(permission.name, { ...permission, pluginId });
    }
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

test.describe('trust boundary: every registered permission by tier (real tokens, running backend)', () => {
  test('the matrix holds for every permission of every installed plugin', async ({
    request,
  }) => {
    test.setTimeout(300_000);
    const permissions = await registeredPermissions(request);
    // a task of Bob's to ask about (it fails at once: he may not delete production)
    const bobsTask = (
      await runTemplate(
        request,
        await userToken(request, 'bob'),
        'delete-environment',
        { cluster: 'local', namespace: 'checkout-production', confirm: true },
      )
    ).id;
    // the plugins whose doors matter most are all there, read from the app rather than listed here
    const plugins = new Set(permissions.map(p => p.pluginId));
    for (const pluginId of ['catalog', 'scaffolder', 'kubernetes', 'paved']) {
      expect([...plugins]).toContain(pluginId);
    }
    const actual: string[] = [];
    const wanted: string[] = [];
    // an anonymous caller cannot even ask
    const anonymous = await request.post(
      `${backendUrl()}/api/permission/authorize`,
      {
        data: {
          items: [{ id: '1', permission: permissions[0] }],
        },
      },
    );
    expect(anonymous.status()).toBe(401);
    for (const [tier, user] of Object.entries(TIERS) as Array<
      [Tier, keyof typeof USERS]
    >) {
      const items = permissions.flatMap(permission => {
        const targets =
          permission.type === 'resource'
            ? resourcesOf(permission.resourceType ?? '', bobsTask)
            : [undefined];
        return targets.map(target => ({
          permission,
          target,
        }));
      });
      const res = await request.post(
        `${backendUrl()}/api/permission/authorize`,
        {
          headers: await as(request, user),
          data: {
            items: items.map(({ permission, target }, i) => ({
              id: String(i),
              permission: {
                type: permission.type,
                name: permission.name,
                attributes: permission.attributes,
                ...(permission.resourceType
                  ? { resourceType: permission.resourceType }
                  : {}),
              },
              ...(target ? { resourceRef: target.ref } : {}),
            })),
          },
        },
      );
      expect(res.status(), await res.text()).toBe(200);
      const results = (await res.json()).items as Array<{
        id: string;
        result: Decision;
      }>;
      items.forEach(({ permission, target }, i) => {
        const key = `${tier} ${permission.name}${
          target ? ` on ${target.label}` : ''
        }`;
        actual.push(
          `${key} → ${results.find(r => r.id === String(i))?.result}`,
        );
        wanted.push(
          `${key} → ${expectedDecision(permission.name, target?.label)[tier]}`,
        );
      });
    }
    expect(actual).toEqual(wanted);
  });
});

/** Asks for a WebSocket upgrade and resolves with the HTTP status of the answer (101 when upgraded). */
function upgradeStatus(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': Buffer.from('paved-probe-key!').toString('base64'),
        ...(token ? { 'Sec-WebSocket-Protocol': token } : {}),
      },
      timeout: 10_000,
      agent: false,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', res => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
  });
}

test.describe('trust boundary: anonymous callers', () => {
  test('get 401 from every plugin except sign-in, static assets and liveness', async ({
    request,
  }) => {
    // sign-in and the app's static assets are open by design
    const open = new Set(['auth', 'app']);
    const seen: Record<string, number> = {};
    for (const pluginId of installedBackendPluginIds()) {
      if (open.has(pluginId)) continue;
      const res = await request.get(
        `${backendUrl()}/api/${pluginId}/.well-known/backstage/permissions/metadata`,
      );
      seen[pluginId] = res.status();
    }
    const probes = [
      '/api/catalog/entities',
      '/api/kubernetes/clusters',
      '/api/kubernetes/proxy/api/v1/namespaces/checkout-production/pods',
      '/api/scaffolder/v2/tasks',
      '/api/paved/entities/default/component/checkout-api/overview',
      '/api/notifications/notifications',
      '/api/search/query?term=checkout',
      '/api/paved/.backstage/scheduler/v1/tasks',
      // the MCP endpoint and the actions registry behind it: AI agents act as a signed-in user or not at all
      '/api/mcp-actions/v1',
      '/api/paved/.backstage/actions/v1/actions',
    ];
    for (const probe of probes) {
      seen[probe] = (await request.get(`${backendUrl()}${probe}`)).status();
    }
    // the signals plugin speaks WebSocket only: its plain HTTP routes do not exist, and its socket is
    // refused without a token (it would otherwise take anonymous subscribers)
    const signals = `${backendUrl()}/api/signals`;
    const expected = Object.fromEntries(
      Object.keys(seen).map(key => [key, key === 'signals' ? 404 : 401]),
    );
    seen['signals WebSocket, anonymous'] = await upgradeStatus(signals);
    // the signals plugin starts listening for upgrades when the first one reaches it, and leaves that first
    // request unanswered (its browser client reconnects); so a signed-in client may need a second try
    const token = await userToken(request, 'bob');
    let signedIn = 0;
    for (let attempt = 0; attempt < 3 && signedIn !== 101; attempt++) {
      signedIn = await upgradeStatus(signals, token).catch(() => 0);
    }
    seen['signals WebSocket, signed in'] = signedIn;
    expect(seen).toEqual({
      ...expected,
      'signals WebSocket, anonymous': 401,
      'signals WebSocket, signed in': 101,
    });
  });
});

/** Every `metadata.namespace` anywhere in a JSON body. */
function namespacesIn(body: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(body)) {
    body.forEach(item => namespacesIn(item, into));
  } else if (body && typeof body === 'object') {
    const metadata = (body as { metadata?: { namespace?: unknown } }).metadata;
    if (typeof metadata?.namespace === 'string') into.add(metadata.namespace);
    Object.values(body).forEach(value => namespacesIn(value, into));
  }
  return into;
}

test.describe('trust boundary: the Kubernetes plugin answers like Paved (real tokens)', () => {
  const k8s = () => `${backendUrl()}/api/kubernetes`;
  const checkoutApi = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', namespace: 'default' },
  };
  const checkoutNamespaces: string[] = [];

  test.beforeAll(async ({ request }) => {
    // Paved's own answer: the environments of checkout-api's owning team
    const res = await request.get(
      `${backendUrl()}/api/paved/entities/default/component/checkout-api/overview`,
      { headers: await as(request, 'erin') },
    );
    expect(res.status()).toBe(200);
    checkoutNamespaces.push(
      ...((await res.json()).environments as Array<{ namespace: string }>).map(
        env => env.namespace,
      ),
    );
    expect(checkoutNamespaces).toContain('checkout-production');
  });

  const entityRoutes = [
    {
      route: '/services/checkout-api',
      data: () => ({ entity: checkoutApi }),
    },
    {
      route: '/resources/workloads/query',
      data: () => ({ entityRef: 'component:default/checkout-api' }),
    },
    {
      route: '/resources/custom/query',
      data: () => ({
        entityRef: 'component:default/checkout-api',
        customResources: [
          { group: 'apps', apiVersion: 'v1', plural: 'deployments' },
        ],
      }),
    },
  ];

  for (const { route, data } of entityRoutes) {
    test(`${route}: the owning team sees only its environments, another team sees nothing`, async ({
      request,
    }) => {
      for (const user of ['bob', 'alice', 'dave', 'carol', 'erin'] as const) {
        const res = await request.post(`${k8s()}${route}`, {
          headers: await as(request, user),
          data: data(),
        });
        expect(res.status(), `${user}: ${await res.text()}`).toBe(200);
        const body = await res.json();
        const namespaces = [...namespacesIn(body)];
        if (user === 'dave' || user === 'carol') {
          expect({ user, namespaces, items: body.items }).toEqual({
            user,
            namespaces: [],
            items: [],
          });
        } else {
          // the owning team's pods are there, and nothing outside its environments
          expect(namespaces.length, user).toBeGreaterThan(0);
          expect(
            namespaces.filter(ns => !checkoutNamespaces.includes(ns)),
            user,
          ).toEqual([]);
        }
        expect(JSON.stringify(body)).not.toMatch(/"type":"secrets"/);
      }
    });
  }

  test('a component of another team that claims checkout-api\u2019s kubernetes-id shows none of checkout\u2019s objects', async ({
    request,
  }) => {
    // search-api belongs to team-search; asking for it with checkout-api's entity body changes nothing either
    const res = await request.post(`${k8s()}/services/search-api`, {
      headers: await as(request, 'dave'),
      data: {
        entity: {
          ...checkoutApi,
          metadata: { ...checkoutApi.metadata, name: 'search-api' },
        },
      },
    });
    expect(res.status()).toBe(200);
    const namespaces = [...namespacesIn(await res.json())];
    expect(namespaces.filter(ns => checkoutNamespaces.includes(ns))).toEqual(
      [],
    );
  });

  test('agents reach no plugin\u2019s actions but Paved\u2019s, and only through the MCP endpoint', async ({
    request,
  }) => {
    // over MCP, Bob's agent is offered Paved's tools only (backend.actions.pluginSources), not the
    // Kubernetes plugin's nor the scaffolder's (which could run a template without a person's confirmation)
    const token = await userToken(request, 'bob');
    const client = new Client({ name: 'trust-boundary', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`${backendUrl()}/api/mcp-actions/v1`),
        { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
      ),
    );
    const { tools } = await client.listTools();
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.map(t => t.name).filter(n => !n.startsWith('paved.'))).toEqual(
      [],
    );
    const k8sTool = await client.callTool({
      name: 'kubernetes.get-kubernetes-resources-for-entity',
      arguments: { name: 'checkout-api' },
    });
    expect(k8sTool.isError).toBe(true);
    await client.close();
    // a user's token never runs an action around the MCP endpoint (and its audit)
    const direct: Record<string, number> = {};
    for (const [plugin, action, data] of [
      [
        'kubernetes',
        'kubernetes:get-kubernetes-resources-for-entity',
        { name: 'checkout-api' },
      ],
      ['scaffolder', 'scaffolder:get-scaffolder-task-logs', { taskId: 'x' }],
      ['paved', 'paved:environments', { entity: 'checkout-api' }],
    ] as const) {
      direct[action] = (
        await request.post(
          `${backendUrl()}/api/${plugin}/.backstage/actions/v1/actions/${action}/invoke`,
          { headers: await as(request, 'bob'), data },
        )
      ).status();
    }
    expect(direct).toEqual(
      Object.fromEntries(Object.keys(direct).map(key => [key, 403])),
    );
  });

  test('the proxy: reads of one\u2019s own environments only, nothing else, for non-admins', async ({
    request,
  }) => {
    const proxy = (p: string) => `${k8s()}/proxy${p}`;
    const cluster = { 'Backstage-Kubernetes-Cluster': 'local' };
    const get = async (user: keyof typeof USERS, p: string) =>
      request.get(proxy(p), {
        headers: { ...(await as(request, user)), ...cluster },
      });
    const pods = '/api/v1/namespaces/checkout-production/pods';

    const own = await get('bob', pods);
    expect(own.status(), await own.text()).toBe(200);
    const podList = await own.json();
    expect(podList.items.length).toBeGreaterThan(0);
    expect([...namespacesIn(podList)]).toEqual(['checkout-production']);

    const podName = podList.items[0].metadata.name as string;
    const log = await get(
      'bob',
      `/api/v1/namespaces/checkout-production/pods/${podName}/log?tailLines=5`,
    );
    expect(log.status(), await log.text()).toBe(200);

    const refusals: Record<string, number> = {};
    for (const [user, p] of [
      ['dave', pods],
      ['dave', `/api/v1/namespaces/checkout-production/pods/${podName}/log`],
      ['dave', '/api/v1/namespaces/checkout-production/configmaps'],
      ['dave', '/api/v1/namespaces/checkout-production/events'],
      ['bob', '/api/v1/namespaces/checkout-production/secrets'],
      ['bob', '/api/v1/pods'],
      ['bob', '/api/v1/namespaces/search-production/pods'],
      [
        'bob',
        '/api/v1/namespaces/checkout-production%2F..%2Fsearch-production/pods',
      ],
      ['bob', '/apis/rbac.authorization.k8s.io/v1/clusterroles'],
    ] as Array<[keyof typeof USERS, string]>) {
      refusals[`${user} ${p}`] = (await get(user, p)).status();
    }
    const del = await request.delete(
      proxy(`/api/v1/namespaces/checkout-dev/pods/${podName}`),
      { headers: { ...(await as(request, 'alice')), ...cluster } },
    );
    refusals[`alice DELETE pod`] = del.status();
    expect(refusals).toEqual(
      Object.fromEntries(Object.keys(refusals).map(key => [key, 403])),
    );

    // platform admins keep the plugin's own proxy, except for Secrets, which it serves to nobody
    expect(
      (await get('erin', '/api/v1/namespaces/search-production/pods')).status(),
    ).toBe(200);
    for (const p of [
      '/api/v1/namespaces/checkout-production/secrets',
      '/api/v1/secrets',
      '/api/v1/namespaces/checkout-dev/secr%65ts',
    ]) {
      expect((await get('erin', p)).status(), p).toBe(403);
    }
  });
});

test.describe('trust boundary: the catalog takes the org only from its own location', () => {
  test('a location cannot bring in a Group or User that grants a tier; developers register none', async ({
    request,
  }) => {
    test.setTimeout(180_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-org-probe-'));
    const suffix = path
      .basename(dir)
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase();
    const probe = `org-probe-${suffix}`;
    const write = (name: string, documents: string[]) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, documents.join('\n---\n'));
      return file;
    };
    const group = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      `metadata: { name: ${probe} }`,
      'spec: { type: team, parent: team-platform, children: [], members: [alice, bob] }',
    ].join('\n');
    const user = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: User',
      `metadata: { name: ${probe}-user }`,
      'spec: { memberOf: [team-platform] }',
    ].join('\n');
    const component = [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      `metadata: { name: ${probe}-component }`,
      'spec: { type: service, lifecycle: experimental, owner: team-checkout }',
    ].join('\n');
    const groupFile = write('group.yaml', [group]);
    const userFile = write('user.yaml', [user]);
    const orgFile = write('org.yaml', [group, user]);
    const controlFile = write('component.yaml', [component]);
    const locations = `${backendUrl()}/api/catalog/locations`;

    // a developer registers components through the golden paths, not locations of his own
    const byBob = await request.post(locations, {
      headers: await as(request, 'bob'),
      data: { type: 'file', target: controlFile },
    });
    expect(byBob.status(), await byBob.text()).toBe(403);

    // a lead may register locations, but the catalog's rules refuse a Group or a User in them
    const alice = await as(request, 'alice');
    for (const [file, ref] of [
      [groupFile, `group:default/${probe}`],
      [userFile, `user:default/${probe}-user`],
    ]) {
      const dryRun = await request.post(`${locations}?dryRun=true`, {
        headers: alice,
        data: { type: 'file', target: file },
      });
      expect(dryRun.status(), ref).toBe(400);
      expect((await dryRun.json()).error.message).toContain(
        `Entity ${ref} at file:${file}, originated at file:${file}, is not of an allowed kind for that location`,
      );
    }

    // registered for real, the org file brings nothing in
    const ids: string[] = [];
    try {
      for (const file of [orgFile, controlFile]) {
        const created = await request.post(locations, {
          headers: alice,
          data: { type: 'file', target: file },
        });
        expect(created.status(), await created.text()).toBe(201);
        ids.push((await created.json()).location.id);
      }
      // the control location, registered after the org file, shows the processing loop has run ...
      await expect
        .poll(
          async () =>
            (
              await request.get(
                `${backendUrl()}/api/catalog/entities/by-name/component/default/${probe}-component`,
                { headers: alice },
              )
            ).status(),
          { timeout: 120_000 },
        )
        .toBe(200);
      // ... and neither the Group nor the User made it into the catalog
      for (const entity of [
        `group/default/${probe}`,
        `user/default/${probe}-user`,
      ]) {
        const res = await request.get(
          `${backendUrl()}/api/catalog/entities/by-name/${entity}`,
          { headers: alice },
        );
        expect(res.status(), entity).toBe(404);
      }
      // a fresh sign-in still makes Alice a member of team-checkout alone
      const freshSignIn = await request.get(
        `${backendUrl()}/api/auth/localUsers/refresh`,
        {
          headers: {
            'X-Requested-With': 'XMLHttpRequest',
            'x-paved-local-user': 'alice',
          },
        },
      );
      expect(
        [
          ...(await freshSignIn.json()).backstageIdentity.identity
            .ownershipEntityRefs,
        ].sort(),
      ).toEqual(['group:default/team-checkout', 'user:default/alice']);
      // removing locations is for platform admins
      for (const who of ['bob', 'alice'] as const) {
        const removal = await request.delete(`${locations}/${ids[0]}`, {
          headers: await as(request, who),
        });
        expect(removal.status(), who).toBe(403);
      }
    } finally {
      const erin = await as(request, 'erin');
      for (const id of ids) {
        await request.delete(`${locations}/${id}`, { headers: erin });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test.describe('trust boundary: the plugins\u2019 internal routes', () => {
  test('users may not list, trigger or cancel scheduled tasks', async ({
    request,
  }) => {
    const seen: Record<string, number> = {};
    for (const user of ['bob', 'erin'] as const) {
      const headers = await as(request, user);
      const base = `${backendUrl()}/api/paved/.backstage/scheduler/v1/tasks`;
      seen[`${user} list`] = (await request.get(base, { headers })).status();
      seen[`${user} trigger`] = (
        await request.post(`${base}/paved-environment-cleanup/trigger`, {
          headers,
        })
      ).status();
      seen[`${user} cancel`] = (
        await request.post(`${base}/paved-environment-cleanup/cancel`, {
          headers,
        })
      ).status();
    }
    expect(seen).toEqual(
      Object.fromEntries(Object.keys(seen).map(key => [key, 403])),
    );
  });
});

test.describe('trust boundary: a scaffolder task belongs to its creator', () => {
  test('its log and output are for the creator, the leads of the creator\u2019s team and platform admins', async ({
    request,
  }) => {
    test.setTimeout(180_000);
    // Bob asks to delete production, which he may not: the task fails, and its log says why
    const task = await runTemplate(
      request,
      await userToken(request, 'bob'),
      'delete-environment',
      { cluster: 'local', namespace: 'checkout-production', confirm: true },
    );
    expect(task.status).toBe('failed');
    const seen: Record<string, number[]> = {};
    for (const user of ['bob', 'alice', 'erin', 'dave', 'carol'] as const) {
      const headers = await as(request, user);
      const base = `${backendUrl()}/api/scaffolder/v2/tasks/${task.id}`;
      seen[user] = [
        (await request.get(base, { headers })).status(),
        (await request.get(`${base}/events`, { headers })).status(),
      ];
    }
    const readable = [200, 200];
    expect(seen).toEqual({
      bob: readable,
      alice: readable,
      erin: readable,
      dave: [403, 403],
      carol: [403, 403],
    });
    // the task list shows others' tasks to nobody but their owners, leads and admins
    const list = await request.get(
      `${backendUrl()}/api/scaffolder/v2/tasks?limit=500`,
      { headers: await as(request, 'dave') },
    );
    expect(list.status()).toBe(200);
    const ids = ((await list.json()).tasks as Array<{ id: string }>).map(
      t => t.id,
    );
    expect(ids).not.toContain(task.id);
  });
});

test.describe('trust boundary: the Kubernetes tab', () => {
  test('shows the owning team its pods, and nothing of other teams', async ({
    page,
  }) => {
    // the guest is Alice, lead of team-checkout
    await signIn(page);
    await page.goto('/catalog/default/component/checkout-api/kubernetes');
    await expect(page.getByText('Your Clusters')).toBeVisible();
    await expect(page.getByText(/^[1-9]\d* pods$/).first()).toBeVisible({
      timeout: 60_000,
    });
    await page.screenshot({
      path: 'test-results/screenshots/kubernetes-checkout-api.png',
      fullPage: true,
    });
    // search-api belongs to team-search: its tab finds nothing for Alice
    await page.goto('/catalog/default/component/search-api/kubernetes');
    await page.waitForTimeout(5_000);
    await page.screenshot({
      path: 'test-results/screenshots/kubernetes-search-api-as-alice.png',
      fullPage: true,
    });
    await expect(page.getByText(/^[1-9]\d* pods$/)).toHaveCount(0);
  });
});

test.describe('trust boundary: a stopped API server', () => {
  // the local cluster's kube-apiserver, as tools/cluster records it ("<pid> <binary> <fingerprint>")
  const pidFile = path.resolve(
    __dirname,
    '../../../.cluster/pids/kube-apiserver.pid',
  );

  test('Paved answers a partial result naming the cluster and the call, and the backend keeps answering other routes', async ({
    request,
  }) => {
    test.setTimeout(180_000);
    const headers = await as(request, 'bob');
    const logs = `${backendUrl()}/api/paved/entities/default/component/checkout-api/logs?tail=20`;
    expect((await request.get(logs, { headers })).status()).toBe(200);
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split(' ')[0]);
    expect(pid).toBeGreaterThan(1);

    process.kill(pid, 'SIGSTOP');
    try {
      const started = Date.now();
      // logs not read before (a window): the lists read a moment ago may still come from the shared reads
      // (paved.sharedReads.ttlMs), the log reads have to ask the stopped API server
      const stalled = request.get(`${logs}&sinceSeconds=86400`, {
        headers,
        timeout: 90_000,
      });
      // while Paved waits for the API server, a route that needs no cluster answers at once
      const otherStarted = Date.now();
      const other = await request.get(
        `${backendUrl()}/api/catalog/entities/by-name/component/default/checkout-api`,
        { headers },
      );
      expect(other.status()).toBe(200);
      expect(Date.now() - otherStarted).toBeLessThan(5_000);

      // a partial answer, not an error page: no lines, and the cluster that is missing named with why
      const res = await stalled;
      expect(res.status()).toBe(200);
      const body = await res.json();
      expect(body.lines).toEqual([]);
      expect(body.unavailableClusters).toEqual([
        expect.objectContaining({ cluster: 'local', kind: 'timeout' }),
      ]);
      // whichever configured limit ends the wait first: the cluster's share of the fan-out (10 s by default)
      // or the Kubernetes request's own (15 s by default)
      expect(body.unavailableClusters[0].reason).toMatch(
        /cluster "local" did not answer (GET \/api\/v1\/\S+ )?within \d+ ms \(paved\.limits\.(fanOut\.clusterTimeoutMs|timeouts\.kubernetesMs)\)/,
      );
      // the configured timeout, not a hang
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // and it recovers as soon as the API server answers again
    await expect
      .poll(async () => (await request.get(logs, { headers })).status(), {
        timeout: 60_000,
      })
      .toBe(200);
  });
});
