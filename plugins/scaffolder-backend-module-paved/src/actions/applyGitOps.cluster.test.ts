import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  LocalGitHost,
  TestGitOpsEnvironment,
  createTestGitOpsEnvironment,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
  rejectionOf,
} from '@paved/plugin-paved-node/testUtils';
import {
  ApplyEngine,
  DEFAULT_FORBIDDEN_KINDS,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import { parse } from 'yaml';
import { createKubernetesApplyAction } from './apply';
import { brokenDeployment, goodDeployment } from './__fixtures__/workloads';

// Talks to the local cluster, its Flux controllers and the local git host: allow for fetches and rollouts.
jest.setTimeout(240_000);

// a team of this suite alone, so no other suite reading team environments sees this one
const TEAM = 'group:default/test-apply-gitops';
const bob: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: 'user:default/bob',
    ownershipEntityRefs: ['user:default/bob', TEAM],
  }),
};

/** The component's Deployment, labelled with its component, running `image`. */
function shop(image: string) {
  const d = goodDeployment('shop') as any;
  d.metadata.labels['backstage.io/kubernetes-id'] = 'shop';
  d.spec.template.spec.containers[0].image = image;
  // the local cluster's pods answer no probes
  delete d.spec.template.spec.containers[0].livenessProbe;
  delete d.spec.template.spec.containers[0].readinessProbe;
  return d;
}

describe('kubernetes:apply to a GitOps environment (local cluster, Flux and git host)', () => {
  let git: LocalGitHost;
  let admin: KubernetesClient;
  let env: TestGitOpsEnvironment;

  beforeAll(async () => {
    git = localGitHost();
    admin = await localAdminClient();
    env = await createTestGitOpsEnvironment(admin, git, {
      team: TEAM,
      prefix: 'agitops',
    });
  });
  afterAll(async () => {
    await env?.cleanup();
  });

  const action = () =>
    createKubernetesApplyAction({
      engine: new ApplyEngine(localClusterRegistry(), {
        podSecurityRestricted: true,
        requireResources: true,
        requireProbes: false,
        forbidLatestTag: true,
        allowedRegistries: ['registry.paved.local'],
        forbiddenKinds: DEFAULT_FORBIDDEN_KINDS,
        requireTeamEnvironment: true,
      }),
      userInfo: bob,
      auditor: mockServices.auditor.mock(),
      permissions: mockServices.permissions(),
      clusters: localClusterRegistry(),
      deployRepository: env.deployRepository,
    });

  const context = (manifests: object[]) =>
    createMockActionContext({
      input: {
        cluster: 'local',
        namespace: env.name,
        manifests,
        force: false,
        wait: true,
        timeout: 120,
      } as any,
    });

  const head = async () =>
    (await git.api('GET', `/repos/${env.repository}/branches/main`)).commit
      .id as string;
  const file = (path: string) =>
    git.client.readFile(git.user, env.repository.split('/')[1], path, 'main');
  const live = async () => {
    const d = await admin.request<any>({
      path: `/apis/apps/v1/namespaces/${env.name}/deployments/shop`,
    });
    return {
      image: d.spec.template.spec.containers[0].image,
      managers: (d.metadata.managedFields ?? []).map((f: any) => f.manager),
    };
  };

  it('commits the checked objects as a base and the environment overlay, and returns once Flux applied that commit', async () => {
    const ctx = context([shop('registry.paved.local/shop:1.0.0')]);
    await action().handler(ctx as any);

    const commit = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'commit',
    )[1];
    expect(commit).toMatchObject({
      sha: await head(),
      repository: env.repository,
      branch: 'main',
      changed: [
        'base/shop/deployment-shop.yaml',
        'base/shop/kustomization.yaml',
        'environments/dev/kustomization.yaml',
        'environments/dev/shop/kustomization.yaml',
      ],
    });
    const base = parse((await file('base/shop/deployment-shop.yaml'))!);
    expect(base.metadata.namespace).toBeUndefined();
    // Flux applied it (kustomize-controller owns the fields), and the status names that commit
    expect(await live()).toMatchObject({
      image: 'registry.paved.local/shop:1.0.0',
      managers: expect.arrayContaining(['kustomize-controller']),
    });
    // Flux may begin another pass over the same commit at once (a queued reconcile request, its interval):
    // the status says reconciling for a moment, and is ready at that commit once the pass ends
    expect(
      await env.flux.waitForCommit(env.name, commit.sha, { timeoutMs: 30_000 }),
    ).toMatchObject({ state: 'ready', appliedCommit: commit.sha });
  });

  it('writes a new image into the overlay only, and Flux rolls it out', async () => {
    const baseBefore = await file('base/shop/deployment-shop.yaml');
    const ctx = context([shop('registry.paved.local/shop:1.1.0')]);
    await action().handler(ctx as any);

    const commit = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'commit',
    )[1];
    expect(commit.changed).toEqual([
      'environments/dev/shop/kustomization.yaml',
    ]);
    expect(await file('base/shop/deployment-shop.yaml')).toBe(baseBefore);
    expect(await file('environments/dev/shop/kustomization.yaml')).toContain(
      'registry.paved.local/shop:1.1.0',
    );
    expect((await live()).image).toBe('registry.paved.local/shop:1.1.0');
    // the step returned once Flux's health check passed: the new image's pod is Running
    const pods = await admin.request<any>({
      path: `/api/v1/namespaces/${env.name}/pods`,
      query: { labelSelector: 'app.kubernetes.io/name=shop' },
    });
    expect(
      pods.items
        .filter((p: any) => !p.metadata.deletionTimestamp)
        .map((p: any) => [p.spec.containers[0].image, p.status.phase]),
    ).toContainEqual(['registry.paved.local/shop:1.1.0', 'Running']);
  });

  it('commits nothing when the repository already holds the objects', async () => {
    const before = await head();
    const ctx = context([shop('registry.paved.local/shop:1.1.0')]);
    await action().handler(ctx as any);
    expect(await head()).toBe(before);
    const commit = (ctx.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'commit',
    )[1];
    expect(commit).toMatchObject({ sha: before, changed: [] });
  });

  it('refuses a change the guardrails reject before anything is committed', async () => {
    const before = await head();
    const bad = brokenDeployment('shop', d => {
      d.metadata.labels['backstage.io/kubernetes-id'] = 'shop';
      d.spec.template.spec.containers[0].image = 'docker.io/shop:2.0.0';
    });
    const error = await rejectionOf(action().handler(context([bad]) as any));
    expect(String(error)).toContain('docker.io/shop:2.0.0');
    expect(await head()).toBe(before);
    expect((await live()).image).toBe('registry.paved.local/shop:1.1.0');
  });
});
