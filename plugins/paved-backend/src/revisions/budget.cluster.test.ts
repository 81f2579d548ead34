import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient, KubernetesObject } from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster.
jest.setTimeout(180_000);

const run = randomBytes(3).toString('hex');
const teamName = `bud${run}`;
const team = `group:default/${teamName}`;
const user = (name: string) => `user:default/bud${run}-${name}`;
const bob = user('bob'); // developer
const alice = user('alice'); // team lead
const teams = { [bob]: [team], [alice]: [team] };
const as = (who: string) => mockCredentials.user.header(who);
const appId = `bud${run}`;

/** The price table of the forecasts below (per vCPU-hour and GiB-hour). */
const prices = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.04,
  loadBalancerHour: 0.025,
};

/** Deployment `api` with `replicas` pods of 100m CPU and 128Mi requested, passing the guardrails. */
function api(replicas: number): KubernetesObject {
  const labels = {
    'app.kubernetes.io/name': 'api',
    'backstage.io/kubernetes-id': appId,
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'api', labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: {
            runAsNonRoot: true,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'api',
              image: 'registry.paved.local/api:1.0.0',
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { cpu: '200m', memory: '256Mi' },
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

describe('over-budget changes (local cluster, tier policy)', () => {
  let admin: KubernetesClient;
  let dev: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  const teamEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: teamName, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: bob },
      { type: 'hasMember', targetRef: alice },
    ],
  };

  beforeAll(async () => {
    admin = await localAdminClient();
    dev = await createTestEnvironment(admin, {
      prefix: 'budd',
      team,
      labels: { 'paved.dev/environment': 'dev' },
    });
    const config = localClusterConfig();
    server = await startPavedBackend({
      entities: [teamEntity],
      teams,
      config: {
        ...config,
        paved: {
          ...config.paved,
          // any change that adds cost is over this budget
          cost: { prices: { local: prices }, budgets: { [team]: 0.01 } },
        },
      },
      permissions: tierPolicyPermissions({
        teams,
        leads: { [team]: [alice] },
        platformAdminGroups: [],
        entities: [teamEntity],
      }),
    });
  });
  afterAll(async () => {
    await dev?.cleanup();
  });

  const budgetCheck = (who: string, monthlyDelta: number) =>
    request(server)
      .post(`/api/paved/environments/local/${dev.name}/budget-check`)
      .set('Authorization', as(who))
      .send({ monthlyDelta });
  const ask = (body: Record<string, unknown>, who = bob) =>
    request(server)
      .post('/api/paved/approvals')
      .set('Authorization', as(who))
      .send({
        kind: 'apply',
        cluster: 'local',
        namespace: dev.name,
        timeoutSeconds: 90,
        ...body,
      });
  const get = (who: string, path: string) =>
    request(server).get(`/api/paved${path}`).set('Authorization', as(who));
  const liveDeployment = () =>
    admin.request<any>({
      path: `/apis/apps/v1/namespaces/${dev.name}/deployments/api`,
    });

  it("answers the budget check: a developer's change over the budget needs a lead, the lead's does not, a saving never does", async () => {
    const bobs = await budgetCheck(bob, 5);
    expect(bobs.status).toBe(200);
    expect(bobs.body).toMatchObject({
      team,
      requiresApproval: true,
      budget: { team, budget: 0.01, over: true },
    });
    expect(bobs.body.budget.projectedAfter).toBeGreaterThanOrEqual(5);
    expect(bobs.body.message).toContain(team);
    expect(bobs.body.message).toContain('over its budget of 0.01 USD');
    expect(bobs.body.message).toContain('so a team lead approves it');

    const alices = await budgetCheck(alice, 5);
    expect(alices.status).toBe(200);
    expect(alices.body).toMatchObject({
      team,
      requiresApproval: false,
      budget: { over: true },
    });
    expect(alices.body.message).not.toContain('team lead approves');

    const saving = await budgetCheck(bob, -5);
    expect(saving.status).toBe(200);
    expect(saving.body).toMatchObject({
      requiresApproval: false,
      budget: { over: false },
    });
    expect(saving.body.message).toBeUndefined();
  });

  it('turns an over-budget change into a change request with its cost forecast, refuses one that is not over budget, and applies it with a revision once the lead approves', async () => {
    // an environment where bob may apply: without a reason there is nothing to approve
    const direct = await ask({ manifests: [api(3)] });
    expect(direct.status).toBe(400);
    expect(direct.body.error.message).toContain(
      `may apply to local/${dev.name} directly`,
    );

    const asked = await ask({ manifests: [api(3)], reason: 'over-budget' });
    expect(asked.status).toBe(201);
    const id = asked.body.id as string;
    // nothing is applied while the request waits
    await expect(liveDeployment()).rejects.toMatchObject({
      name: 'NotFoundError',
    });

    const view = await get(alice, `/approvals/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      kind: 'apply',
      status: 'pending',
      requestedBy: bob,
    });
    // 3 pods of 0.1 vCPU × 0.0316 + 0.125 GiB × 0.0042 = 0.003685 per hour, × 730 h = 8.07015 → 8.07 per month
    expect(view.body.impact.cost.delta.max).toBeGreaterThan(0);
    expect(view.body.impact.cost.delta).toEqual({ min: 8.07, max: 8.07 });

    const decided = await request(server)
      .post(`/api/paved/approvals/${id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(decided.status).toBe(200);
    const done = await waitFor(
      async () => {
        const res = await get(alice, `/approvals/${id}`);
        return res.body.outcome ? res.body : undefined;
      },
      { timeoutMs: 120_000, what: 'the approved change to be applied' },
    );
    expect(done).toMatchObject({ status: 'approved', outcome: 'applied' });
    expect((await liveDeployment()).spec.replicas).toBe(3);

    const revisions = await get(
      bob,
      `/environments/local/${dev.name}/revisions`,
    );
    expect(revisions.status).toBe(200);
    expect(revisions.body.revisions[0]).toMatchObject({
      actor: alice,
      outcome: 'applied',
      source: { kind: 'approval', approvalId: id },
    });

    // scaling back down lowers the cost: not a reason for a change request
    const saving = await ask({ manifests: [api(1)], reason: 'over-budget' });
    expect(saving.status).toBe(400);
    expect(saving.body.error.name).toBe('InputError');
    expect(saving.body.error.message).toMatch(/^reason: /);
    expect(saving.body.error.message).toContain(
      `keeps ${team} within its budget`,
    );
    expect((await liveDeployment()).spec.replicas).toBe(3);
  });
});
