import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  component,
  createTestDeployment,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster.
jest.setTimeout(180_000);

const run = randomBytes(3).toString('hex');
const teamName = `sec${run}`;
const team = `group:default/${teamName}`;
const admins = `group:default/sec${run}-admins`;
const user = (name: string) => `user:default/sec${run}-${name}`;
const bob = user('bob'); // developer
const alice = user('alice'); // team lead
const erin = user('erin'); // platform admin
const teams = { [bob]: [team], [alice]: [team], [erin]: [admins] };
const as = (who: string) => mockCredentials.user.header(who);
const appId = `sec${run}`;

const DEV_VALUE = `postgres://app:dev-${randomBytes(8).toString('hex')}@db/app`;
const PROD_VALUE = `postgres://app:prod-${randomBytes(8).toString(
  'hex',
)}@db/app`;
const forms = (value: string) => [value, Buffer.from(value).toString('base64')];

function expectNoValue(body: unknown, value: string) {
  const text = JSON.stringify(body);
  for (const form of forms(value)) expect(text).not.toContain(form);
}

/** The container's environment: `DATABASE_URL` from `secret`/`key`. */
const readsKey = (secret: string, key: string) => [
  {
    name: 'DATABASE_URL',
    valueFrom: { secretKeyRef: { name: secret, key } },
  },
];

describe('the Secrets card (local cluster, tier policy)', () => {
  let admin: KubernetesClient;
  let dev: { name: string; cleanup: () => Promise<void> };
  let prod: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  const entity = component(appId, teamName, appId);
  const teamEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: teamName, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: bob }],
  };

  const deploy = (namespace: string, name: string, env: object[]) =>
    createTestDeployment(admin, {
      namespace,
      name,
      id: appId,
      replicas: 1,
      env,
    });
  const liveSecret = (ns: string, name: string) =>
    admin.request<{
      data?: Record<string, string>;
      metadata: { annotations?: Record<string, string> };
    }>({ path: `/api/v1/namespaces/${ns}/secrets/${name}` });

  beforeAll(async () => {
    admin = await localAdminClient();
    dev = await createTestEnvironment(admin, {
      prefix: 'secd',
      team,
      backendAccess: true,
    });
    prod = await createTestEnvironment(admin, {
      prefix: 'secp',
      team,
      labels: { 'paved.dev/protected': 'true' },
      teamRoles: ['paved:viewer', 'paved:secret-writer'],
      backendAccess: true,
    });
    await admin.request({
      method: 'POST',
      path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${prod.name}/rolebindings`,
      body: {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'lead' },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'paved:team-lead',
        },
        subjects: [
          { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: alice },
        ],
      },
    });
    await deploy(dev.name, 'orders', readsKey('db-credentials', 'url'));
    await deploy(prod.name, 'orders', readsKey('db-credentials', 'url'));
    const config = localClusterConfig();
    server = await startPavedBackend({
      entities: [entity, teamEntity],
      teams,
      config: {
        ...config,
        paved: {
          ...config.paved,
          secrets: { rotation: { checkIntervalSeconds: 1 } },
        },
      },
      // the real scheduler, so the rotation schedule runs as it does in a backend
      features: [schedulerServiceFactory],
      permissions: tierPolicyPermissions({
        teams,
        leads: { [team]: [alice] },
        platformAdminGroups: [admins],
        entities: [entity, teamEntity],
      }),
    });
  });
  afterAll(async () => {
    await dev?.cleanup();
    await prod?.cleanup();
  });

  const card = async (who: string) => {
    const res = await request(server)
      .get(`/api/paved/entities/default/component/${appId}/secrets`)
      .set('Authorization', as(who));
    expect(res.status).toBe(200);
    return res.body as {
      environments: Array<{
        namespace: string;
        access: string;
        missing: number;
        secrets: Array<{
          name: string;
          keys: Array<{ key: string; exists: boolean; changedBy?: string }>;
        }>;
      }>;
    };
  };
  const keyIn = (body: Awaited<ReturnType<typeof card>>, ns: string) =>
    body.environments
      .find(e => e.namespace === ns)
      ?.secrets.find(s => s.name === 'db-credentials')
      ?.keys.find(k => k.key === 'url');

  it('shows a missing key, sets it write-only as a developer in dev, and shows who changed it', async () => {
    const before = await card(bob);
    const devView = before.environments.find(e => e.namespace === dev.name)!;
    expect(devView).toMatchObject({ access: 'write', missing: 1 });
    expect(keyIn(before, dev.name)).toMatchObject({ exists: false });
    expect(
      before.environments.find(e => e.namespace === prod.name),
    ).toMatchObject({ access: 'request', missing: 1 });

    const set = await request(server)
      .post(
        `/api/paved/environments/local/${dev.name}/secrets/db-credentials/values`,
      )
      .set('Authorization', as(bob))
      .send({ values: { url: DEV_VALUE } });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ outcome: 'applied', keys: ['url'] });

    const live = await liveSecret(dev.name, 'db-credentials');
    expect(Buffer.from(live.data!.url, 'base64').toString()).toBe(DEV_VALUE);
    expect(
      JSON.parse(live.metadata.annotations!['paved.dev/secret-changes']).url.by,
    ).toBe(bob);

    const after = await card(bob);
    expect(keyIn(after, dev.name)).toMatchObject({
      exists: true,
      changedBy: bob,
    });
    expectNoValue(after, DEV_VALUE);

    // the team's page shows every environment of the team, with the same keys
    const teamPage = await request(server)
      .get(`/api/paved/entities/default/group/${teamName}/secrets`)
      .set('Authorization', as(bob));
    expect(teamPage.status).toBe(200);
    expect(
      teamPage.body.environments.map((e: any) => e.namespace).sort(),
    ).toEqual([dev.name, prod.name].sort());
    expect(keyIn(teamPage.body, dev.name)).toMatchObject({ exists: true });
    expectNoValue(teamPage.body, DEV_VALUE);

    const keys = await request(server)
      .get(`/api/paved/environments/local/${dev.name}/secrets`)
      .set('Authorization', as(bob));
    expect(keys.status).toBe(200);
    expect(keys.body.secrets.map((s: any) => s.name)).toContain(
      'db-credentials',
    );
    expectNoValue(keys.body, DEV_VALUE);

    const trail = await request(server)
      .get(`/api/paved/audit?namespace=${dev.name}&limit=50`)
      .set('Authorization', as(erin));
    expect(trail.body.events.map((e: any) => e.action)).toContain('secret.set');
    expectNoValue(trail.body, DEV_VALUE);
  });

  it('refuses a bad key name and another team, naming the field', async () => {
    const bad = await request(server)
      .post(
        `/api/paved/environments/local/${dev.name}/secrets/db-credentials/values`,
      )
      .set('Authorization', as(bob))
      .send({ values: { 'bad key': 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"bad key" is not a valid key');

    const outsider = await request(server)
      .post(
        `/api/paved/environments/local/${dev.name}/secrets/db-credentials/values`,
      )
      .set('Authorization', as(user('mallory')))
      .send({ values: { url: 'x-value-from-elsewhere' } });
    expect(outsider.status).toBe(403);
    const keys = await request(server)
      .get(`/api/paved/environments/local/${dev.name}/secrets`)
      .set('Authorization', as(user('mallory')));
    expect(keys.status).toBe(404);
  });

  it('turns a developer production change into a keys-only request that lands when the lead enters the values', async () => {
    // the cluster itself lets developers write production Secrets but never read them
    const asBob = localClusterRegistry().client('local', {
      user: bob,
      groups: [team],
    });
    const readError = await rejectionOf(
      (
        await asBob
      ).request({ path: `/api/v1/namespaces/${prod.name}/secrets` }),
    );
    expect(readError.name).toBe('NotAllowedError');

    const asked = await request(server)
      .post(
        `/api/paved/environments/local/${prod.name}/secrets/db-credentials/values`,
      )
      .set('Authorization', as(bob))
      .send({ values: { url: PROD_VALUE }, note: 'new database' });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({ outcome: 'requested', keys: ['url'] });
    const id = asked.body.approvalId;
    await expect(liveSecret(prod.name, 'db-credentials')).rejects.toThrow();

    const shown = await request(server)
      .get(`/api/paved/approvals/${id}`)
      .set('Authorization', as(alice));
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({
      kind: 'secret-values',
      status: 'pending',
      secret: { name: 'db-credentials', keys: ['url'] },
    });
    expect(shown.body.diff).toContain(`Secret/${prod.name}/db-credentials`);
    expect(shown.body.diff).toContain('set key url');
    expectNoValue(shown.body, PROD_VALUE);

    const withoutValues = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(withoutValues.status).toBe(400);
    expect(withoutValues.body.error.message).toContain(
      'values: enter the value of url',
    );

    const approved = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve', values: { url: PROD_VALUE } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      outcome: 'applied',
    });
    expectNoValue(approved.body, PROD_VALUE);
    const live = await liveSecret(prod.name, 'db-credentials');
    expect(Buffer.from(live.data!.url, 'base64').toString()).toBe(PROD_VALUE);

    const trail = await request(server)
      .get(`/api/paved/audit?namespace=${prod.name}&limit=50`)
      .set('Authorization', as(erin));
    expect(trail.body.events.map((e: any) => e.action)).toEqual(
      expect.arrayContaining([
        'approval.request',
        'approval.approve',
        'secret.set',
      ]),
    );
    expectNoValue(trail.body, PROD_VALUE);
  });

  it('rotates a generated secret on its schedule, rolls its reader and audits it', async () => {
    await deploy(dev.name, 'billing', readsKey('billing-token', 'token'));
    const set = await request(server)
      .post(
        `/api/paved/environments/local/${dev.name}/secrets/billing-token/rotation`,
      )
      .set('Authorization', as(bob))
      .send({
        every: 'PT3S',
        keys: [{ key: 'token', shape: { alphabet: 'hex', length: 40 } }],
      });
    expect(set.status).toBe(200);
    expect(set.body.rotation.every).toBe('PT3S');

    const first = await liveSecret(dev.name, 'billing-token');
    const firstToken = Buffer.from(first.data!.token, 'base64').toString();
    expect(firstToken).toMatch(/^[0-9a-f]{40}$/);
    const restartedAt = async () =>
      (
        await admin.request<any>({
          path: `/apis/apps/v1/namespaces/${dev.name}/deployments/billing`,
        })
      ).spec.template.metadata.annotations?.['paved.dev/restarted-at'];
    const firstRestart = await restartedAt();
    expect(firstRestart).toBeDefined();

    // the schedule (checked every second in this backend) rotates it again and rolls the Deployment
    const rotated = await waitFor(
      async () => {
        const res = await request(server)
          .get(`/api/paved/audit?namespace=${dev.name}&limit=100`)
          .set('Authorization', as(erin));
        return res.body.events.find(
          (e: any) =>
            e.action === 'secret.rotate' && e.actor === 'paved:rotation',
        );
      },
      { timeoutMs: 60_000, what: 'a scheduled rotation in the audit trail' },
    );
    expect(rotated.details.restarted).toEqual(['Deployment/billing']);
    const second = await liveSecret(dev.name, 'billing-token');
    expect(Buffer.from(second.data!.token, 'base64').toString()).not.toBe(
      firstToken,
    );
    expect(await restartedAt()).not.toBe(firstRestart);
    expectNoValue(rotated, firstToken);
  });
});
