import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient, KubernetesObject } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startPavedBackend } from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';
import { FORCE_NOTE } from './approvalView';

// Talks to the local cluster.
jest.setTimeout(180_000);

// Users and teams of this suite alone, answered by the real tier policy.
const run = randomBytes(3).toString('hex');
const team = `group:default/appr${run}`;
const admins = `group:default/appr${run}-admins`;
const user = (name: string) => `user:default/appr${run}-${name}`;
const bob = user('bob'); // developer of the team
const alice = user('alice'); // lead of the team
const erin = user('erin'); // platform admin
const teams = { [bob]: [team], [alice]: [team], [erin]: [admins] };

const as = (who: string) => mockCredentials.user.header(who);

function configMap(
  name: string,
  data: Record<string, string>,
  extra: Partial<KubernetesObject['metadata']> = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...extra },
    data,
  } as KubernetesObject;
}

describe('approvals (local cluster, tier policy)', () => {
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;

  beforeAll(async () => {
    admin = await localAdminClient();
    env = await createTestEnvironment(admin, {
      prefix: 'appr',
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

  const ask = (body: Record<string, unknown>, who = bob) =>
    request(server)
      .post('/api/paved/approvals')
      .set('Authorization', as(who))
      .send({ kind: 'apply', cluster: 'local', wait: false, ...body });

  const decide = (id: string, body: Record<string, unknown>, who = alice) =>
    request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(who))
      .send({ decision: 'approve', ...body });

  async function requestChange(manifests: KubernetesObject[], extra = {}) {
    const res = await ask({ namespace: env.name, manifests, ...extra });
    expect(res.status).toBe(201);
    return res.body;
  }

  async function liveData(name: string) {
    const live = await admin.request<{ data?: Record<string, string> }>({
      path: `/api/v1/namespaces/${env.name}/configmaps/${name}`,
    });
    return live.data ?? {};
  }

  it('makes the summary and the audit target from the objects, never from the requester\u2019s text, and shows force', async () => {
    const body = await requestChange(
      [configMap('summary-cm', { mode: 'blue' })],
      { summary: 'just a typo fix', force: true },
    );
    expect(body.summary).toBe(`${FORCE_NOTE}; ConfigMap summary-cm created`);
    expect(body.summary).not.toContain('typo');
    expect(body).toMatchObject({
      force: true,
      requesterNote: 'just a typo fix',
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: env.name,
          name: 'summary-cm',
        },
      ],
    });
    const listed = await request(server)
      .get(`/api/paved/approvals?namespace=${env.name}`)
      .set('Authorization', as(alice));
    expect(
      listed.body.requests.find((r: any) => r.id === body.id),
    ).toMatchObject({ summary: body.summary, force: true });

    const trail = await request(server)
      .get(`/api/paved/audit?namespace=${env.name}&limit=50`)
      .set('Authorization', as(erin));
    expect(trail.status).toBe(200);
    const requested = trail.body.events.find(
      (e: any) =>
        e.action === 'approval.request' && e.details?.approvalId === body.id,
    );
    expect(requested.target).toBe('ConfigMap summary-cm');
  });

  it('refuses to approve a change whose live objects changed since the request until the lead confirms the new diff; an earlier confirmation is refused', async () => {
    const { id, diff } = await requestChange([
      configMap('drift-cm', { mode: 'blue' }),
    ]);
    expect(diff).toContain('+  mode: blue');
    // someone else creates the object while the request waits
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${env.name}/configmaps`,
      body: configMap('drift-cm', { owner: 'ops' }),
    });

    const first = await decide(id, {});
    expect(first.status).toBe(409);
    expect(first.body.error.name).toBe('ConflictError');
    expect(first.body.error.message).toContain(
      'the live objects changed since it was requested',
    );
    expect(first.body.error.message).toContain('ConfigMap drift-cm configured');
    const review = first.body.error.review;
    expect(review).toMatchObject({
      changedSinceRequest: true,
      removedFields: [],
      force: false,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(review.diff).toContain('owner: ops');
    expect(review.diff).toContain('+  mode: blue');
    expect(await liveData('drift-cm')).toEqual({ owner: 'ops' });
    const still = await request(server)
      .get(`/api/paved/approvals/${id}`)
      .set('Authorization', as(alice));
    expect(still.body.status).toBe('pending');

    // it changes again before the lead confirms: the earlier confirmation no longer fits
    await admin.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${env.name}/configmaps/drift-cm`,
      contentType: 'application/merge-patch+json',
      body: { data: { region: 'eu' } },
    });
    const stale = await decide(id, { confirm: review.digest });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(
      /^The confirmation given is for an earlier review; /,
    );
    const fresh = stale.body.error.review;
    expect(fresh.digest).not.toBe(review.digest);
    expect(fresh.diff).toContain('region: eu');
    expect(await liveData('drift-cm')).toEqual({ owner: 'ops', region: 'eu' });

    const confirmed = await decide(id, { confirm: fresh.digest });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      status: 'approved',
      decidedBy: alice,
      outcome: 'applied',
    });
    expect(await liveData('drift-cm')).toEqual({
      owner: 'ops',
      region: 'eu',
      mode: 'blue',
    });
    // the approval stays a compare-and-set: the same confirmation cannot run it twice
    expect((await decide(id, { confirm: fresh.digest })).status).toBe(409);
  });

  it('asks for a confirmation when the change removes fields, and runs an unchanged change at once', async () => {
    const created = await requestChange([
      configMap('removal-cm', { keep: '1', drop: '2' }),
    ]);
    const direct = await decide(created.id, {});
    expect(direct.status).toBe(200);
    expect(direct.body.outcome).toBe('applied');
    expect(await liveData('removal-cm')).toEqual({ keep: '1', drop: '2' });

    const shrink = await requestChange([
      configMap('removal-cm', { keep: '1' }),
    ]);
    const refused = await decide(shrink.id, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.review).toMatchObject({
      changedSinceRequest: false,
      removedFields: [`ConfigMap ${env.name}/removal-cm: data.drop`],
    });
    expect(refused.body.error.review.diff).toContain('-  drop: "2"');
    expect(refused.body.error.message).toContain(
      `it removes 1 field(s) from live objects: ConfigMap ${env.name}/removal-cm: data.drop`,
    );
    expect(await liveData('removal-cm')).toEqual({ keep: '1', drop: '2' });

    const confirmed = await decide(shrink.id, {
      confirm: refused.body.error.review.digest,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.outcome).toBe('applied');
    expect(await liveData('removal-cm')).toEqual({ keep: '1' });
  });

  it('refuses names given with other case, spaces, dots or encodings at every approval entry point, naming the field', async () => {
    const odd = [
      env.name.toUpperCase(),
      ` ${env.name}`,
      `${env.name}\n`,
      `${env.name}/../${env.name}`,
      `${env.name}%2Fx`,
      '..',
      `${env.name}..x`,
    ];
    for (const namespace of odd) {
      const res = await ask({
        namespace,
        manifests: [configMap('odd', { a: '1' })],
      });
      expect([namespace, res.status]).toEqual([namespace, 400]);
      expect(res.body.error.message).toMatch(/^namespace: /);

      const inManifest = await ask({
        namespace: env.name,
        manifests: [configMap('odd', { a: '1' }, { namespace })],
      });
      expect([namespace, inManifest.status]).toEqual([namespace, 400]);
      expect(inManifest.body.error.message).toMatch(
        /^manifests\[0\]\.metadata\.namespace: /,
      );

      const clone = await ask({
        kind: 'environment-clone',
        source: namespace,
        name: 'copy',
      });
      expect([namespace, clone.status]).toEqual([namespace, 400]);
      expect(clone.body.error.message).toMatch(/^source: /);

      const listed = await request(server)
        .get('/api/paved/approvals')
        .query({ namespace })
        .set('Authorization', as(alice));
      expect([namespace, listed.status]).toEqual([namespace, 400]);
      expect(listed.body.error.message).toMatch(/^namespace: /);
    }

    const named = await ask({
      namespace: env.name,
      manifests: [configMap('a/../b', { a: '1' })],
    });
    expect(named.status).toBe(400);
    expect(named.body.error.message).toMatch(
      /^manifests\[0\]\.metadata\.name: /,
    );

    // a valid namespace in a manifest that is not the one the request is checked for
    const other = await ask({
      namespace: env.name,
      manifests: [configMap('elsewhere', { a: '1' }, { namespace: 'default' })],
    });
    expect(other.status).toBe(400);
    expect(other.body.error.message).toBe(
      `manifests[0].metadata.namespace: "default" differs from namespace "${env.name}", the environment this request is checked for; leave metadata.namespace out or set it to "${env.name}"`,
    );
    const pending = await request(server)
      .get(`/api/paved/approvals?namespace=${env.name}&status=pending`)
      .set('Authorization', as(alice));
    expect(
      pending.body.requests.filter((r: any) =>
        r.objects.some((o: any) => ['odd', 'elsewhere'].includes(o.name)),
      ),
    ).toEqual([]);
  });
});
