import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient, KubernetesObject } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startPavedBackend } from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster.
jest.setTimeout(180_000);

// Users and teams of this suite alone, answered by the real tier policy.
const run = randomBytes(3).toString('hex');
const team = `group:default/apsec${run}`;
const admins = `group:default/apsec${run}-admins`;
const user = (name: string) => `user:default/apsec${run}-${name}`;
const bob = user('bob'); // developer of the team
const alice = user('alice'); // lead of the team
const erin = user('erin'); // platform admin
const teams = { [bob]: [team], [alice]: [team], [erin]: [admins] };

const as = (who: string) => mockCredentials.user.header(who);

const VALUE = 's3cr3t-value-9f2c';
const VALUE_B64 = Buffer.from(VALUE).toString('base64');
const TOKEN = 't0ken-value-31d7';
const TOKEN_B64 = Buffer.from(TOKEN).toString('base64');
const FORMS = [VALUE, VALUE_B64, TOKEN, TOKEN_B64];

function expectNoSecretValue(body: unknown) {
  const text = JSON.stringify(body);
  for (const form of FORMS) expect(text).not.toContain(form);
}

describe('approvals never show Secret values (local cluster, tier policy)', () => {
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;

  beforeAll(async () => {
    admin = await localAdminClient();
    env = await createTestEnvironment(admin, {
      prefix: 'apsec',
      team,
      labels: { 'paved.dev/protected': 'true' },
    });
    server = await startPavedBackend({
      entities: [],
      teams,
      permissions: tierPolicyPermissions({
        teams,
        leads: { [team]: [alice] },
        platformAdminGroups: [admins],
      }),
    });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  it('stores and answers keys with markers only, applies the real values on approval, and audits no value', async () => {
    const secret: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-credentials' },
      type: 'Opaque',
      data: { password: VALUE_B64 },
      stringData: { token: TOKEN },
    } as KubernetesObject;
    const created = await request(server)
      .post('/api/paved/approvals')
      .set('Authorization', as(bob))
      .send({
        kind: 'apply',
        cluster: 'local',
        namespace: env.name,
        wait: false,
        manifests: [secret],
      });
    expect(created.status).toBe(201);
    expectNoSecretValue(created.body);
    expect(created.body.diff).toContain('+  password: redacted (added)');
    expect(created.body.diff).toContain('+  token: redacted (added)');
    const id = created.body.id;

    const one = await request(server)
      .get(`/api/paved/approvals/${id}`)
      .set('Authorization', as(alice));
    expect(one.status).toBe(200);
    expectNoSecretValue(one.body);
    // the stored diff, as the lead reviews it
    expect(one.body.diff).toBe(created.body.diff);
    expect(one.body.payload.manifests[0].data).toEqual({
      password: 'redacted',
      token: 'redacted',
    });

    const listed = await request(server)
      .get(`/api/paved/approvals?namespace=${env.name}`)
      .set('Authorization', as(bob));
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((r: any) => r.id)).toContain(id);
    expectNoSecretValue(listed.body);

    const decided = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(decided.status).toBe(200);
    expectNoSecretValue(decided.body);
    expect(decided.body).toMatchObject({
      status: 'approved',
      outcome: 'applied',
    });

    // the stored request kept what it needs to apply the real values
    const live = await admin.request<{ data: Record<string, string> }>({
      path: `/api/v1/namespaces/${env.name}/secrets/db-credentials`,
    });
    expect(live.data).toEqual({ password: VALUE_B64, token: TOKEN_B64 });

    const trail = await waitFor(async () => {
      const res = await request(server)
        .get(`/api/paved/audit?namespace=${env.name}&limit=50`)
        .set('Authorization', as(erin));
      expect(res.status).toBe(200);
      const actions = res.body.events.map((e: any) => e.action);
      expect(actions).toEqual(
        expect.arrayContaining(['approval.request', 'kubernetes.apply']),
      );
      return res.body;
    });
    expectNoSecretValue(trail);
  });

  it('redacts Secrets in audit events other plugins post', async () => {
    const posted = await request(server)
      .post('/api/paved/audit/events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        actor: bob,
        action: 'kubernetes.apply',
        outcome: 'succeeded',
        cluster: 'local',
        namespace: env.name,
        details: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 'db-credentials' },
              data: { password: VALUE_B64 },
              stringData: { token: TOKEN },
            },
          ],
        },
      });
    expect(posted.status).toBe(201);
    expectNoSecretValue(posted.body);
    expect(posted.body.details.objects[0].data).toEqual({
      password: 'redacted',
      token: 'redacted',
    });
  });
});
