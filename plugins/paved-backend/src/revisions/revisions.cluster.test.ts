import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  ApplyEngine,
  KubernetesClient,
  KubernetesObject,
  withRevision,
} from '@paved/plugin-paved-node';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
  rejectionOf,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  component,
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster.
jest.setTimeout(240_000);

const run = randomBytes(3).toString('hex');
const teamName = `rev${run}`;
const team = `group:default/${teamName}`;
const user = (name: string) => `user:default/rev${run}-${name}`;
const bob = user('bob'); // developer
const alice = user('alice'); // team lead
const teams = { [bob]: [team], [alice]: [team] };
const as = (who: string) => mockCredentials.user.header(who);
const appId = `rev${run}`;
const identityOf = (who: string) => ({ user: who, groups: [team] });

/** The web service at `version`: a Deployment, its Service and ConfigMap, and `extra` objects. */
function webService(
  version: string,
  options: { crash?: boolean; extra?: string } = {},
): KubernetesObject[] {
  const labels = {
    'app.kubernetes.io/name': 'web',
    'backstage.io/kubernetes-id': appId,
  };
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-config', labels },
      data: { VERSION: version },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', labels },
      spec: { selector: labels, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: {
            labels,
            // the local cluster's pods crash like a broken binary when asked to
            ...(options.crash
              ? { annotations: { 'paved.dev/simulate': 'crash-loop' } }
              : {}),
          },
          spec: {
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: [
              {
                name: 'web',
                image: `registry.paved.local/web:${version}`,
                livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
                readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
                resources: {
                  requests: { cpu: '50m', memory: '64Mi' },
                  limits: { cpu: '200m', memory: '128Mi' },
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
    },
  ];
  if (options.extra) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: options.extra, labels },
      data: { ADDED_IN: version },
    });
  }
  return objects;
}

describe('revisions, rollback and drift (local cluster, tier policy)', () => {
  let admin: KubernetesClient;
  let dev: { name: string; cleanup: () => Promise<void> };
  let prod: { name: string; cleanup: () => Promise<void> };
  let server: Awaited<ReturnType<typeof startPavedBackend>>;
  const engine = ApplyEngine.fromConfig(new ConfigReader({}), {
    clusters: localClusterRegistry(),
  });
  const entity = component(appId, teamName, appId);
  const teamEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: teamName, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: [{ type: 'hasMember', targetRef: bob }],
  };

  /** Applies objects as `who` the way `kubernetes:apply` does, recording the revision through the route. */
  async function applyAs(
    who: string,
    namespace: string,
    objects: KubernetesObject[],
    timeoutMs = 60_000,
  ) {
    const identity = identityOf(who);
    const plan = await engine.plan({
      cluster: 'local',
      objects: objects.map((object, i) => ({ object, source: `#${i}` })),
      defaultNamespace: namespace,
      identity,
      authorizedNamespaces: [namespace],
    });
    return withRevision(
      {
        record: async record => {
          const res = await request(server)
            .post('/api/paved/revisions')
            .set('Authorization', mockCredentials.service.header())
            .send(record);
          expect(res.status).toBe(201);
          return res.body.revision as number;
        },
      },
      { plan, actor: who, source: { kind: 'apply', taskId: `task-${run}` } },
      async onApplied => {
        await engine.apply(plan, { identity, onApplied });
        await engine.waitForRollout(plan, { identity, timeoutMs });
      },
    );
  }

  const get = (who: string, path: string) =>
    request(server).get(`/api/paved${path}`).set('Authorization', as(who));
  const rollback = (who: string, ns: string, revision: number, body = {}) =>
    request(server)
      .post(
        `/api/paved/environments/local/${ns}/revisions/${revision}/rollback`,
      )
      .set('Authorization', as(who))
      .send({ component: appId, timeoutSeconds: 90, ...body });
  const live = <T = any>(ns: string, path: string) =>
    admin.request<T>({ path: `/api/v1/namespaces/${ns}/${path}` });
  const liveDeployment = (ns: string) =>
    admin.request<any>({
      path: `/apis/apps/v1/namespaces/${ns}/deployments/web`,
    });
  const entityRevisions = async (who: string) => {
    const res = await get(
      who,
      `/entities/default/component/${appId}/revisions`,
    );
    expect(res.status).toBe(200);
    return res.body.revisions as Array<{
      namespace: string;
      revision: number;
      outcome: string;
      source: { kind: string; restores?: number; approvalId?: string };
      objects: Array<{ kind: string; name: string; result?: string }>;
    }>;
  };

  beforeAll(async () => {
    admin = await localAdminClient();
    dev = await createTestEnvironment(admin, { prefix: 'revd', team });
    prod = await createTestEnvironment(admin, {
      prefix: 'revp',
      team,
      labels: { 'paved.dev/protected': 'true' },
      teamRoles: ['paved:viewer'],
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
    server = await startPavedBackend({
      entities: [entity, teamEntity],
      teams,
      config: localClusterConfig(),
      permissions: tierPolicyPermissions({
        teams,
        leads: { [team]: [alice] },
        platformAdminGroups: [],
        entities: [entity, teamEntity],
      }),
    });
  });
  afterAll(async () => {
    await dev?.cleanup();
    await prod?.cleanup();
  });

  it('records v1 and a failing v2, names the revision behind the failure, and rolls back to v1: v1 runs, the object v2 added is gone, revisions 1–3 are listed with their diffs', async () => {
    await applyAs(bob, dev.name, webService('1.0.0'));
    const failed = await rejectionOf(
      applyAs(
        bob,
        dev.name,
        webService('2.0.0', { crash: true, extra: 'web-extra' }),
        30_000,
      ),
    );
    expect(failed.message).toMatch(/web/);

    let revisions = await entityRevisions(bob);
    expect(revisions.map(r => [r.revision, r.outcome])).toEqual([
      [2, 'failed'],
      [1, 'applied'],
    ]);
    expect(revisions[0].objects).toContainEqual({
      kind: 'ConfigMap',
      name: 'web-extra',
      result: 'created',
    });

    // the Troubleshooting card's diagnosis knows the revision before the failure
    const diagnosis = await waitFor(
      async () => {
        const res = await get(
          bob,
          `/entities/default/component/${appId}/diagnoses`,
        );
        return (res.body.diagnoses as any[]).find(
          d => d.namespace === dev.name && d.change,
        );
      },
      { timeoutMs: 60_000, what: 'a diagnosis naming revision 2' },
    );
    expect(diagnosis.change).toMatchObject({
      revision: 2,
      rollbackTo: 1,
      actor: bob,
    });
    expect(diagnosis.change.changes[0]).toBe(
      'image registry.paved.local/web:1.0.0 → registry.paved.local/web:2.0.0 (container web)',
    );

    const rolled = await rollback(bob, dev.name, 1);
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({
      status: 'applied',
      revision: { revision: 3, source: { kind: 'rollback', restores: 1 } },
      pruned: [{ kind: 'ConfigMap', name: 'web-extra' }],
    });
    const deployment = await liveDeployment(dev.name);
    expect(deployment.spec.template.spec.containers[0].image).toBe(
      'registry.paved.local/web:1.0.0',
    );
    expect(
      deployment.spec.template.metadata.annotations?.['paved.dev/simulate'],
    ).toBeUndefined();
    expect(deployment.status.readyReplicas).toBeGreaterThanOrEqual(1);
    expect(deployment.status.updatedReplicas).toBe(1);
    await expect(live(dev.name, 'configmaps/web-extra')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect((await live(dev.name, 'configmaps/web-config')).data).toEqual({
      VERSION: '1.0.0',
    });

    revisions = await entityRevisions(bob);
    expect(revisions.map(r => r.revision)).toEqual([3, 2, 1]);
    const one = await get(bob, `/environments/local/${dev.name}/revisions/2`);
    expect(one.status).toBe(200);
    expect(one.body.diff).toContain('registry.paved.local/web:2.0.0');
    const diff12 = await get(
      bob,
      `/environments/local/${dev.name}/revision-diff?from=1&to=2`,
    );
    expect(diff12.body.diff).toContain(
      '-        - image: registry.paved.local/web:1.0.0',
    );
    expect(diff12.body.diff).toContain('+++ revision-2/ConfigMap/web-extra');
    const diff13 = await get(
      bob,
      `/environments/local/${dev.name}/revision-diff?from=1&to=3`,
    );
    expect(diff13.body).toMatchObject({ from: 1, to: 3, diff: '' });

    // another team's user sees none of it
    const stranger = user('mallory');
    const hidden = await get(
      stranger,
      `/environments/local/${dev.name}/revisions/1`,
    );
    expect(hidden.status).toBe(404);
    const refused = await rollback(stranger, dev.name, 1);
    expect(refused.status).toBe(404);
  });

  it('shows kubectl scale and kubectl set env as drift naming the manager, and a re-apply removes both', async () => {
    const env = localClusterEnv();
    const kubectl = (...args: string[]) =>
      execFileSync(env.PAVED_KUBECTL, ['-n', dev.name, ...args], {
        env: { ...process.env, KUBECONFIG: env.PAVED_KUBE_ADMIN_KUBECONFIG },
        stdio: 'pipe',
      });
    kubectl('scale', 'deployment/web', '--replicas=3');
    kubectl('set', 'env', 'deployment/web', 'DEBUG=1');

    const drift = await get(bob, `/entities/default/component/${appId}/drift`);
    expect(drift.status).toBe(200);
    const web = (drift.body.objects as any[]).find(
      o =>
        o.namespace === dev.name && o.kind === 'Deployment' && o.name === 'web',
    );
    expect(web.revision).toBe(3);
    const byPath = Object.fromEntries(
      (web.fields as any[]).map(f => [f.path, f]),
    );
    expect(byPath['spec.replicas']).toMatchObject({
      expected: 1,
      actual: 3,
      manager: 'kubectl',
    });
    const debug = Object.entries(byPath).find(([p]) => p.includes('DEBUG'));
    expect(debug?.[1]).toMatchObject({ manager: 'kubectl-set' });
    expect((debug?.[1] as any).changedAt).toEqual(expect.any(String));

    const reapplied = await rollback(bob, dev.name, 3);
    expect(reapplied.status).toBe(200);
    expect(reapplied.body).toMatchObject({
      status: 'applied',
      revision: { revision: 4, source: { kind: 'reapply', restores: 3 } },
    });
    expect(reapplied.body.removedFields.join(' ')).toContain('DEBUG');
    const deployment = await liveDeployment(dev.name);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.template.spec.containers[0].env ?? []).toEqual([]);
    const after = await get(bob, `/entities/default/component/${appId}/drift`);
    expect(
      (after.body.objects as any[]).filter(o => o.namespace === dev.name),
    ).toEqual([]);
  });

  it("turns a developer's rollback of production into a change request that lands on approval", async () => {
    await applyAs(alice, prod.name, webService('1.0.0'));
    await applyAs(
      alice,
      prod.name,
      webService('1.1.0', { extra: 'web-extra' }),
    );

    const requested = await rollback(bob, prod.name, 1, {
      note: 'v1.1 is slow',
    });
    expect(requested.status).toBe(200);
    expect(requested.body.status).toBe('requested');
    const id = requested.body.approvalId as string;
    // nothing changed yet
    expect(
      (await liveDeployment(prod.name)).spec.template.spec.containers[0].image,
    ).toBe('registry.paved.local/web:1.1.0');

    const view = await get(alice, `/approvals/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      kind: 'rollback',
      requestedBy: bob,
      rollback: {
        revision: 1,
        component: appId,
        prune: ['ConfigMap/web-extra'],
      },
      requesterNote: 'v1.1 is slow',
    });
    expect(view.body.diff).toContain('registry.paved.local/web:1.0.0');
    // the lead sees what the rollback restarts before approving it
    expect(view.body.impact.blastRadius.restartingPods).toEqual([
      { workload: 'Deployment/web', pods: [expect.stringMatching(/^web-/)] },
    ]);

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
      { timeoutMs: 120_000, what: 'the approved rollback to finish' },
    );
    expect(done).toMatchObject({ status: 'approved', outcome: 'applied' });
    expect(
      (await liveDeployment(prod.name)).spec.template.spec.containers[0].image,
    ).toBe('registry.paved.local/web:1.0.0');
    await expect(live(prod.name, 'configmaps/web-extra')).rejects.toMatchObject(
      {
        name: 'NotFoundError',
      },
    );
    const list = await get(bob, `/environments/local/${prod.name}/revisions`);
    expect(list.body.revisions[0]).toMatchObject({
      revision: 3,
      actor: alice,
      source: { kind: 'rollback', restores: 1, approvalId: id },
    });
  });
});
