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

describe('approvals never hold Secret values (local cluster, tier policy)', () => {
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

  it('refuses to hold Secret values for approval, naming the Secret and the Secrets card; nothing is stored or audited with a value', async () => {
    const secret: KubernetesObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db-credentials' },
      type: 'Opaque',
      data: { password: VALUE_B64 },
      stringData: { token: TOKEN },
    } as KubernetesObject;
    const refused = await request(server)
      .post('/api/paved/approvals')
      .set('Authorization', as(bob))
      .send({
        kind: 'apply',
        cluster: 'local',
        namespace: env.name,
        wait: false,
        manifests: [secret],
      });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain(
      'Secret db-credentials carries values, which a change request never stores',
    );
    expect(refused.body.error.message).toContain('Secrets card');
    expectNoSecretValue(refused.body);

    const listed = await request(server)
      .get(`/api/paved/approvals?namespace=${env.name}`)
      .set('Authorization', as(bob));
    expect(listed.status).toBe(200);
    expect(listed.body.requests).toEqual([]);
    await expect(
      admin.request({
        path: `/api/v1/namespaces/${env.name}/secrets/db-credentials`,
      }),
    ).rejects.toThrow();

    const trail = await waitFor(async () => {
      const res = await request(server)
        .get(`/api/paved/audit?namespace=${env.name}&limit=50`)
        .set('Authorization', as(erin));
      expect(res.status).toBe(200);
      const refusal = res.body.events.find(
        (e: any) => e.action === 'approval.request' && e.outcome === 'refused',
      );
      return refusal ? res.body : undefined;
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
