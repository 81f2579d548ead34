import { mockCredentials } from '@backstage/backend-test-utils';
import { KubernetesClient } from '@paved/plugin-paved-node';
import {
  LocalGitHost,
  TestGitOpsEnvironment,
  createTestGitOpsEnvironment,
  localAdminClient,
  localGitHost,
} from '@paved/plugin-paved-node/testUtils';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  localClusterConfig,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';
import { tierPolicyPermissions } from '../__testUtils__/tierPolicyPermissions';

// Talks to the local cluster, its Flux controllers and the local git host.
jest.setTimeout(240_000);

// users and teams of this suite alone, answered by the real tier policy
const run = randomBytes(3).toString('hex');
const team = `group:default/gitops${run}`;
const admins = `group:default/gitops${run}-admins`;
const user = (name: string) => `user:default/gitops${run}-${name}`;
const bob = user('bob'); // developer of the team
const alice = user('alice'); // lead of the team
const erin = user('erin'); // platform admin
const teams = { [bob]: [team], [alice]: [team], [erin]: [admins] };
const as = (who: string) => mockCredentials.user.header(who);

/** The component's settings, labelled with the component (its folder in the deploy repository). */
const settings = (mode: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'shop-settings',
    labels: { 'backstage.io/kubernetes-id': 'shop' },
  },
  data: { mode },
});

describe('a protected GitOps environment: the change is a pull request that a lead’s approval merges', () => {
  let git: LocalGitHost;
  let admin: KubernetesClient;
  let env: TestGitOpsEnvironment;
  let server: Awaited<ReturnType<typeof startPavedBackend>>;

  beforeAll(async () => {
    git = localGitHost();
    admin = await localAdminClient();
    env = await createTestGitOpsEnvironment(admin, git, {
      team,
      prefix: 'gitopsprod',
      environment: 'prod',
      labels: { 'paved.dev/protected': 'true' },
    });
    const cluster = localClusterConfig();
    const host = new URL(git.url).host;
    server = await startPavedBackend({
      entities: [],
      teams,
      config: {
        ...cluster,
        integrations: {
          gitea: [
            { host, baseUrl: git.url, username: git.user, password: git.token },
          ],
        },
        paved: { ...cluster.paved, git: { host } },
      },
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

  const repo = () => env.repository;
  const liveMode = () =>
    admin
      .request<{ data?: { mode?: string } }>({
        path: `/api/v1/namespaces/${env.name}/configmaps/shop-settings`,
      })
      .then(c => c.data?.mode)
      .catch(() => undefined);

  /** Bob's change request: the component's settings with `mode`. */
  const askAsBob = (mode: string, options: object) =>
    request(server)
      .post('/api/paved/approvals')
      .set('Authorization', as(bob))
      .send({
        kind: 'apply',
        cluster: 'local',
        namespace: env.name,
        manifests: [settings(mode)],
        ...options,
      });

  it('opens a pull request and applies nothing until the lead approves; the approval merges it and Flux applies the merge', async () => {
    const asked = await askAsBob('blue', { wait: true, timeoutSeconds: 120 });
    expect(asked.status).toBe(201);
    const match = /pull request (\S+\/pulls\/(\d+))/.exec(asked.body.summary);
    expect(match).not.toBeNull();
    const number = Number(match![2]);

    const pull = await git.api('GET', `/repos/${repo()}/pulls/${number}`);
    expect(pull).toMatchObject({ state: 'open', merged: false });
    const files = await git.api(
      'GET',
      `/repos/${repo()}/pulls/${number}/files`,
    );
    expect(files.map((f: any) => f.filename).sort()).toEqual([
      'base/shop/configmap-shop-settings.yaml',
      'base/shop/kustomization.yaml',
      'environments/prod/kustomization.yaml',
      'environments/prod/shop/kustomization.yaml',
    ]);
    // nothing reached the branch Flux delivers, nor the cluster
    expect(
      await git.client.readFile(
        git.user,
        repo().split('/')[1],
        'base/shop/kustomization.yaml',
        'main',
      ),
    ).toBeUndefined();
    expect(await liveMode()).toBeUndefined();

    // the developer cannot approve their own change
    const self = await request(server)
      .post(`/api/paved/approvals/${asked.body.id}/decision`)
      .set('Authorization', as(bob))
      .send({ decision: 'approve' });
    expect(self.status).toBe(403);
    expect(
      (await git.api('GET', `/repos/${repo()}/pulls/${number}`)).merged,
    ).toBe(false);

    const approved = await request(server)
      .post(`/api/paved/approvals/${asked.body.id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      decidedBy: alice,
      outcome: 'applied',
    });
    expect(
      (await git.api('GET', `/repos/${repo()}/pulls/${number}`)).merged,
    ).toBe(true);
    // the approved run waited for Flux to apply the merge commit
    expect(await liveMode()).toBe('blue');
    const head = (await git.api('GET', `/repos/${repo()}/branches/main`)).commit
      .id;
    // Flux may begin another pass over the same commit at once (a queued reconcile request, its interval):
    // the status says reconciling for a moment, and is ready at that commit once the pass ends
    expect(
      await env.flux.waitForCommit(env.name, head, { timeoutMs: 30_000 }),
    ).toMatchObject({ state: 'ready', appliedCommit: head });

    const trail = await request(server)
      .get(`/api/paved/audit?namespace=${env.name}&limit=50`)
      .set('Authorization', as(erin));
    const merge = trail.body.events.find(
      (e: any) => e.action === 'environment.gitops-merge',
    );
    expect(merge).toMatchObject({
      actor: alice,
      outcome: 'succeeded',
      details: expect.objectContaining({ pullRequest: match![1] }),
    });
  });

  it('does not merge a pull request that changed after it was requested', async () => {
    const asked = await askAsBob('green', { wait: false });
    expect(asked.status).toBe(201);
    const number = Number(/\/pulls\/(\d+)/.exec(asked.body.summary)![1]);
    const pull = await git.api('GET', `/repos/${repo()}/pulls/${number}`);
    // someone pushes another commit onto the pull request's branch
    await git.commitFiles(
      repo(),
      { 'environments/prod/shop/extra.yaml': 'kind: ConfigMap\n' },
      { message: 'sneak in', branch: pull.head.ref },
    );

    const approved = await request(server)
      .post(`/api/paved/approvals/${asked.body.id}/decision`)
      .set('Authorization', as(alice))
      .send({ decision: 'approve' });
    expect(approved.body.outcome).not.toBe('applied');
    expect(JSON.stringify(approved.body)).toContain(
      'changed since it was requested',
    );
    expect(
      (await git.api('GET', `/repos/${repo()}/pulls/${number}`)).merged,
    ).toBe(false);
    expect(await liveMode()).toBe('blue');
  });

  it('refuses a rollback that Flux would undo, naming the repository', async () => {
    const rollback = await request(server)
      .post(`/api/paved/environments/local/${env.name}/revisions/1/rollback`)
      .set('Authorization', as(alice))
      .send({});
    expect(rollback.status).toBe(409);
    expect(rollback.body.error.message).toContain(
      `is delivered by GitOps from ${env.url}`,
    );
    expect(await liveMode()).toBe('blue');
  });
});
