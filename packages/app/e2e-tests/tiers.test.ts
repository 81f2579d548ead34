import { APIRequestContext, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { backendUrl } from './backends';
import { notificationFor } from './notifications';
import { runTemplate } from './scaffolderApi';
import { USERS, as, userToken } from './users';

type User = keyof typeof USERS;
type Outcome = 'allow' | 'approval' | 'deny';

const cluster = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../.cluster/env.json'),
    'utf8',
  ),
) as Record<string, string>;

/** kubectl as the cluster admin: how the tests look at the cluster behind Paved's back. */
function kubectl(...args: string[]): string {
  return execFileSync(
    cluster.PAVED_KUBECTL,
    ['--kubeconfig', cluster.PAVED_KUBE_ADMIN_KUBECONFIG, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function configMap(name: string) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { probe: name },
  };
}

/** Runs `kubernetes:apply` in the scaffolder's dry-run mode as the user and says how it went. */
async function dryRunApply(
  request: APIRequestContext,
  user: User,
  namespace: string,
): Promise<{ outcome: Outcome; text: string }> {
  const res = await request.post(`${backendUrl()}/api/scaffolder/v2/dry-run`, {
    headers: await as(request, user),
    data: {
      template: {
        apiVersion: 'scaffolder.backstage.io/v1beta3',
        kind: 'Template',
        metadata: { name: 'tier-probe' },
        spec: {
          type: 'service',
          steps: [
            {
              id: 'apply',
              name: 'apply',
              action: 'kubernetes:apply',
              input: {
                cluster: 'local',
                namespace,
                manifests: [configMap('tier-probe')],
              },
            },
          ],
        },
      },
      values: {},
      directoryContents: [],
    },
  });
  const body = await res.json();
  if (res.status() === 403) {
    return { outcome: 'deny', text: body.error.message };
  }
  expect(res.status(), JSON.stringify(body).slice(0, 500)).toBe(200);
  const text = (body.log as Array<{ body: { message?: string } }>)
    .map(l => l.body.message ?? '')
    .join('\n');
  if (/may propose changes there/.test(text))
    return { outcome: 'approval', text };
  expect(text).toContain('the server-side dry run accepted every object');
  return { outcome: 'allow', text };
}

// user × environment → what Paved does with a change (team-checkout owns both environments)
const table: Array<[User, string, string, Outcome]> = [
  ['bob', 'developer, own team', 'checkout-dev', 'allow'],
  ['bob', 'developer, own team', 'checkout-production', 'approval'],
  ['alice', 'team lead, own team', 'checkout-dev', 'allow'],
  ['alice', 'team lead, own team', 'checkout-production', 'allow'],
  ['dave', 'developer, other team', 'checkout-dev', 'deny'],
  ['dave', 'developer, other team', 'checkout-production', 'deny'],
  ['carol', 'team lead, other team', 'checkout-dev', 'deny'],
  ['carol', 'team lead, other team', 'checkout-production', 'deny'],
  ['erin', 'platform admin', 'checkout-dev', 'allow'],
  ['erin', 'platform admin', 'checkout-production', 'allow'],
];

test.describe('tiers: kubernetes:apply by tier, team and protection (real tokens)', () => {
  for (const [user, tier, namespace, expected] of table) {
    test(`${user} (${tier}) → ${namespace}: ${expected}`, async ({
      request,
    }) => {
      const { outcome, text } = await dryRunApply(request, user, namespace);
      expect({ outcome, text: text.slice(0, 300) }).toEqual({
        outcome: expected,
        text: expect.any(String),
      });
      if (expected === 'deny') {
        expect(text).toContain('paved.environment.apply');
      }
    });
  }
});

test.describe('tiers: approvals of production changes, end to end', () => {
  test.describe.configure({ mode: 'serial' });
  const run = Math.random().toString(36).slice(2, 8);
  const approved = `approved-${run}`;
  const rejected = `rejected-${run}`;
  let approvedId = '';
  let rejectedId = '';

  const approvals = () => `${backendUrl()}/api/paved/approvals`;

  async function requestChange(request: APIRequestContext, name: string) {
    const res = await request.post(approvals(), {
      headers: await as(request, 'bob'),
      data: {
        kind: 'apply',
        cluster: 'local',
        namespace: 'checkout-production',
        manifests: [configMap(name)],
        wait: false,
      },
    });
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      status: 'pending',
      requestedBy: 'user:default/bob',
      team: 'group:default/team-checkout',
    });
    expect(body.diff).toContain(`name: ${name}`);
    return body.id as string;
  }

  async function decide(
    request: APIRequestContext,
    user: User,
    id: string,
    decision: 'approve' | 'reject',
  ) {
    return request.post(`${approvals()}/${id}/decision`, {
      headers: await as(request, user),
      data: { decision, comment: `${decision} by ${user}` },
    });
  }

  test.afterAll(() => {
    for (const name of [approved, rejected]) {
      kubectl(
        'delete',
        'configmap',
        '-n',
        'checkout-production',
        name,
        '--ignore-not-found',
      );
    }
  });

  test('a developer asks; nothing lands yet; the team lead is notified', async ({
    request,
  }) => {
    approvedId = await requestChange(request, approved);
    rejectedId = await requestChange(request, rejected);
    expect(
      kubectl('get', 'configmap', '-n', 'checkout-production', '-o', 'name'),
    ).not.toContain(approved);
    const notice = await notificationFor(request, 'alice', {
      topic: 'paved-approvals',
      title: /^Approval requested in checkout-production: /,
    });
    expect(notice.payload).toMatchObject({
      severity: 'high',
      link: '/catalog/default/group/team-checkout',
    });
    expect(notice.payload.description).toContain(
      'user:default/bob asks for this change',
    );
  });

  test('a lead may not ask (they apply directly); another team may not ask', async ({
    request,
  }) => {
    for (const user of ['alice', 'dave'] as const) {
      const res = await request.post(approvals(), {
        headers: await as(request, user),
        data: {
          kind: 'apply',
          cluster: 'local',
          namespace: 'checkout-production',
          manifests: [configMap(`nope-${run}`)],
        },
      });
      expect([user, res.status()]).toEqual([
        user,
        user === 'alice' ? 400 : 403,
      ]);
    }
  });

  test('the requester and other teams\u2019 leads cannot decide', async ({
    request,
  }) => {
    const self = await decide(request, 'bob', approvedId, 'approve');
    expect(self.status()).toBe(403);
    const other = await decide(request, 'carol', approvedId, 'approve');
    expect(other.status()).toBe(403);
  });

  test('the team lead approves; the change lands as recorded', async ({
    request,
  }) => {
    const res = await decide(request, 'alice', approvedId, 'approve');
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/alice',
      outcome: 'applied',
    });
    expect(
      kubectl(
        'get',
        'configmap',
        '-n',
        'checkout-production',
        approved,
        '-o',
        'jsonpath={.data.probe}',
      ),
    ).toBe(approved);
    const again = await decide(request, 'alice', approvedId, 'approve');
    expect(again.status()).toBe(409);
    // the requester hears how it went
    const notice = await notificationFor(request, 'bob', {
      topic: 'paved-approvals',
      title: /^Approved by user:default\/alice and applied: /,
    });
    expect(notice.payload.scope).toBe(`paved:approval:${approvedId}`);
  });

  test('a rejected request never lands', async ({ request }) => {
    const res = await decide(request, 'alice', rejectedId, 'reject');
    expect((await res.json()).status).toBe('rejected');
    expect(
      kubectl('get', 'configmap', '-n', 'checkout-production', '-o', 'name'),
    ).not.toContain(rejected);
  });

  test('the audit trail shows who asked and who approved, to platform admins only', async ({
    request,
  }) => {
    const denied = await request.get(
      `${backendUrl()}/api/paved/audit?namespace=checkout-production`,
      { headers: await as(request, 'bob') },
    );
    expect(denied.status()).toBe(403);
    const res = await request.get(
      `${backendUrl()}/api/paved/audit?namespace=checkout-production&limit=200`,
      { headers: await as(request, 'erin') },
    );
    expect(res.status()).toBe(200);
    const { events } = await res.json();
    const about = (id: string) =>
      events.filter((e: any) => e.details?.approvalId === id);
    expect(
      about(approvedId)
        .map((e: any) => [e.action, e.actor, e.outcome])
        .sort(),
    ).toEqual(
      [
        ['approval.approve', 'user:default/alice', 'succeeded'],
        // the second approval of an already approved request
        ['approval.approve', 'user:default/alice', 'refused'],
        ['approval.approve', 'user:default/bob', 'refused'],
        ['approval.approve', 'user:default/carol', 'refused'],
        ['approval.request', 'user:default/bob', 'requested'],
        ['kubernetes.apply', 'user:default/alice', 'succeeded'],
      ].sort(),
    );
    const applied = about(approvedId).find(
      (e: any) => e.action === 'kubernetes.apply',
    );
    expect(applied.details).toMatchObject({
      requestedBy: 'user:default/bob',
      approvedBy: 'user:default/alice',
    });
    expect(
      about(rejectedId).map((e: any) => [e.action, e.actor, e.outcome]),
    ).toContainEqual(['approval.reject', 'user:default/alice', 'succeeded']);
  });
});

test.describe('tiers: a developer\u2019s clone into production waits for a team lead', () => {
  test.describe.configure({ mode: 'serial', timeout: 300_000 });
  const name = `production-${Math.random().toString(36).slice(2, 7)}`;
  const namespace = `checkout-${name}`;
  let requestId = '';

  const approvals = () => `${backendUrl()}/api/paved/approvals`;
  const exists = () => {
    try {
      kubectl('get', 'namespace', namespace, '-o', 'name');
      return true;
    } catch {
      return false;
    }
  };

  test.afterAll(() => {
    kubectl(
      'delete',
      'namespace',
      namespace,
      '--ignore-not-found',
      '--wait=false',
    );
  });

  test('Bob runs the clone template: a request with what it would write, and nothing is created', async ({
    request,
  }) => {
    const task = await runTemplate(
      request,
      await userToken(request, 'bob'),
      'clone-environment',
      {
        cluster: 'local',
        source: 'checkout-dev',
        name,
        lifecycle: 'persistent',
        replicas: 1,
        secretPolicy: 'placeholder',
      },
    );
    expect(task.status, task.log).toBe('completed');
    expect(task.log).toContain(
      `local/${namespace} is protected: user:default/bob may propose this clone`,
    );
    const match = /Approval request ([0-9a-f-]{36}) created/.exec(task.log);
    expect(match, task.log).not.toBeNull();
    requestId = match![1];
    expect(JSON.stringify(task.output)).toContain(
      `${namespace}: waiting for a team lead of group:default/team-checkout to approve request ${requestId}`,
    );
    expect(exists()).toBe(false);

    const stored = await request.get(`${approvals()}/${requestId}`, {
      headers: await as(request, 'alice'),
    });
    const body = await stored.json();
    expect(body).toMatchObject({
      kind: 'environment-clone',
      status: 'pending',
      namespace,
      team: 'group:default/team-checkout',
      requestedBy: 'user:default/bob',
    });
    // what the clone would write: the environment itself and the copied workloads, one replica each
    expect(body.diff).toContain(
      `+++ applied/Namespace/${namespace}/${namespace}`,
    );
    expect(body.diff).toContain(
      `+++ applied/Deployment/${namespace}/checkout-api`,
    );
    expect(body.diff).toContain('paved.dev/protected: "true"');
    expect(body.diff).toMatch(/\+\s+replicas: 1\n/);
  });

  test('the permission framework answers for the environment the request proposes: Alice may decide, Bob may not', async ({
    request,
  }) => {
    const mayDecide = async (user: User) => {
      const res = await request.post(
        `${backendUrl()}/api/permission/authorize`,
        {
          headers: await as(request, user),
          data: {
            items: [
              {
                id: 'decide',
                permission: {
                  type: 'resource',
                  name: 'paved.approval.decide',
                  attributes: { action: 'update' },
                  resourceType: 'paved-environment',
                },
                resourceRef: `local/${namespace}`,
              },
            ],
          },
        },
      );
      expect(res.status()).toBe(200);
      return (await res.json()).items[0].result;
    };
    // what the Approve button of the Change requests card asks (usePermission) before the namespace exists
    expect(await mayDecide('alice')).toBe('ALLOW');
    expect(await mayDecide('bob')).toBe('DENY');
    expect(await mayDecide('carol')).toBe('DENY');
  });

  test('a clone that waits for approval stores no secret values; a lead clones directly; another team may not ask', async ({
    request,
  }) => {
    const ask = async (user: User, extra: Record<string, unknown> = {}) => {
      const res = await request.post(approvals(), {
        headers: await as(request, user),
        data: {
          kind: 'environment-clone',
          cluster: 'local',
          source: 'checkout-dev',
          name: `${name}-x`,
          ...extra,
        },
      });
      return {
        status: res.status(),
        message: (await res.json()).error?.message,
      };
    };
    expect(await ask('bob', { secretPolicy: 'copy' })).toEqual({
      status: 400,
      message:
        'secretPolicy: a clone that waits for approval does not store secret values; use "placeholder" (same keys, values to fill in) or "skip"',
    });
    expect((await ask('alice')).status).toBe(400);
    expect((await ask('dave')).status).toBe(403);
    expect(await ask('bob', { kind: 'delete' })).toEqual({
      status: 400,
      message: expect.stringContaining('kind: "apply" or "environment-clone"'),
    });
  });

  test('Bob cannot approve his own clone; Alice approves and the environment is made as recorded', async ({
    request,
  }) => {
    const decide = async (user: User) =>
      request.post(`${approvals()}/${requestId}/decision`, {
        headers: await as(request, user),
        data: { decision: 'approve' },
      });
    expect((await decide('bob')).status()).toBe(403);
    expect((await decide('carol')).status()).toBe(403);
    expect(exists()).toBe(false);

    const res = await decide('alice');
    const body = await res.json();
    expect(res.status(), JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({
      status: 'approved',
      decidedBy: 'user:default/alice',
      outcome: 'applied',
    });
    const labels = JSON.parse(
      kubectl(
        'get',
        'namespace',
        namespace,
        '-o',
        'jsonpath={.metadata.labels}',
      ),
    );
    expect(labels).toMatchObject({
      'paved.dev/team': 'group.default.team-checkout',
      'paved.dev/environment': name,
      'paved.dev/protected': 'true',
    });
    expect(
      kubectl(
        'get',
        'deployment',
        '-n',
        namespace,
        'checkout-api',
        '-o',
        'jsonpath={.spec.replicas}',
      ),
    ).toBe('1');

    const trail = await request.get(
      `${backendUrl()}/api/paved/audit?namespace=${namespace}&limit=200`,
      { headers: await as(request, 'erin') },
    );
    const { events } = await trail.json();
    const clone = events.find(
      (e: any) =>
        e.action === 'environment.clone' && e.details?.approvalId === requestId,
    );
    expect(clone).toMatchObject({
      actor: 'user:default/alice',
      outcome: 'succeeded',
      details: {
        requestedBy: 'user:default/bob',
        approvedBy: 'user:default/alice',
        source: 'checkout-dev',
      },
    });
  });
});
