import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
  LocalGitHost,
  restrictedDeployment,
  waitFor,
} from '../testUtils';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { FluxDelivery, GitOpsStatus } from './FluxDelivery';
import { reconcileDeployRepository } from './reconcileDeployRepository';

// Talks to the local cluster, its Flux controllers and the local git host (yarn git:up).
jest.setTimeout(300_000);

const TEAM = 'group:default/test-gitops';
const REPO = `gitops-${Math.random().toString(36).slice(2, 7)}`;
const PATH = 'environments/dev';

/** The overlay's manifests: one Deployment running `image`, and optionally one more object. */
function manifests(image: string, extra?: object) {
  const labels = {
    'app.kubernetes.io/name': 'shop',
    'backstage.io/kubernetes-id': 'gitops-shop',
  };
  const deployment = restrictedDeployment({ name: 'shop', image, labels });
  const resources = ['shop.yaml', ...(extra ? ['extra.yaml'] : [])];
  return {
    [`${PATH}/kustomization.yaml`]: JSON.stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources,
    }),
    [`${PATH}/shop.yaml`]: JSON.stringify(deployment),
    ...(extra ? { [`${PATH}/extra.yaml`]: JSON.stringify(extra) } : {}),
  };
}

const commit = (
  git: LocalGitHost,
  files: Record<string, string>,
  message: string,
) => git.commitFiles(`${git.user}/${REPO}`, files, { message });

describe('FluxDelivery (local cluster, Flux and git host)', () => {
  let git: LocalGitHost;
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  let flux: FluxDelivery;

  beforeAll(async () => {
    git = localGitHost();
    admin = await localAdminClient();
    await git.api('POST', '/user/repos', {
      name: REPO,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    env = await createTestEnvironment(admin, { team: TEAM, prefix: 'gitops' });
    // the git host's credentials, as an environment's deploy-repository Secret holds them
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${env.name}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'deploy-git' },
        stringData: { username: git.user, password: git.token },
      },
    });
    // Paved's own identity (examples/rbac) writes the environment's Flux objects
    flux = new FluxDelivery(await localClusterRegistry().client('local'));
  });

  afterAll(async () => {
    await git?.api('DELETE', `/repos/${git.user}/${REPO}`).catch(() => {});
    await env?.cleanup();
  });

  /** The environment's Deployment `shop`: its image and whether its one replica is ready. */
  async function shop() {
    const d = await admin.request<any>({
      path: `/apis/apps/v1/namespaces/${env.name}/deployments/shop`,
    });
    return {
      image: d.spec.template.spec.containers[0].image,
      ready:
        d.status?.readyReplicas === 1 &&
        d.status?.observedGeneration === d.metadata.generation,
    };
  }

  function statusWhere(what: string, done: (s: GitOpsStatus) => boolean) {
    return waitFor(
      async () => {
        const status = await flux.status(env.name);
        return done(status) ? status : undefined;
      },
      { timeoutMs: 120_000, what },
    );
  }

  it('is off before the environment is connected', async () => {
    await expect(flux.status(env.name)).resolves.toEqual({ state: 'off' });
  });

  it('applies a commit of the deploy repository, and a new commit once asked to reconcile', async () => {
    const first = await commit(
      git,
      manifests('registry.paved.local/shop:1.0.0'),
      'shop 1.0.0',
    );
    await flux.connect(env.name, {
      url: `${git.url}/${git.user}/${REPO}.git`,
      branch: 'main',
      path: `./${PATH}`,
      secretName: 'deploy-git',
      // a poll would not come within the test: only the requested reconcile brings the second commit
      intervalMinutes: 60,
    });
    await statusWhere(
      `Flux ready at ${first}`,
      s => s.state === 'ready' && s.appliedCommit === first,
    );
    expect(await shop()).toEqual({
      image: 'registry.paved.local/shop:1.0.0',
      ready: true,
    });

    const second = await commit(
      git,
      manifests('registry.paved.local/shop:1.1.0'),
      'shop 1.1.0',
    );
    await flux.requestReconcile(env.name);
    await statusWhere(
      `Flux ready at ${second}`,
      s => s.state === 'ready' && s.appliedCommit === second,
    );
    expect(await shop()).toEqual({
      image: 'registry.paved.local/shop:1.1.0',
      ready: true,
    });
  });

  it("applies only what the team may: an object outside the environment's rights fails with Flux's reason, and the running commit stays", async () => {
    const before = await flux.status(env.name);
    const third = await commit(
      git,
      manifests('registry.paved.local/shop:1.2.0', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: 'grab-secrets' },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }],
      }),
      'a Role the team may not create',
    );
    await flux.requestReconcile(env.name);
    const failing = await statusWhere(
      `Flux failing at ${third}`,
      s => s.state === 'failing' && s.fetchedCommit === third,
    );
    expect(failing.appliedCommit).toBe(before.appliedCommit);
    expect(failing.reason).toBe('ReconciliationFailed');
    expect(failing.message).toMatch(/forbidden/i);
    expect(failing.message).toContain('paved-gitops');
    // nothing of the refused commit was applied: the Role is absent and the image unchanged
    await expect(
      admin.request({
        path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${env.name}/roles/grab-secrets`,
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    expect((await shop()).image).toBe('registry.paved.local/shop:1.1.0');
  });

  it('finds the environments delivered from a pushed repository and branch, on every cluster, and has them reconciled', async () => {
    const fourth = await commit(
      git,
      manifests('registry.paved.local/shop:1.3.0'),
      'shop 1.3.0, without the Role',
    );
    // another branch of the repository changes nothing here
    await expect(
      reconcileDeployRepository(
        localClusterRegistry(),
        `${git.url}/${git.user}/${REPO}.git`,
        'release',
      ),
    ).resolves.not.toContainEqual(
      expect.objectContaining({ namespace: env.name }),
    );
    // the git host's own spelling of the repository: case and the .git suffix do not matter
    const reconciled = await reconcileDeployRepository(
      localClusterRegistry(),
      `${git.url}/${git.user.toUpperCase()}/${REPO}`,
      'main',
    );
    expect(reconciled).toContainEqual({
      cluster: 'local',
      namespace: env.name,
    });
    await statusWhere(
      `Flux ready at ${fourth}`,
      s => s.state === 'ready' && s.appliedCommit === fourth,
    );
    expect(await shop()).toEqual({
      image: 'registry.paved.local/shop:1.3.0',
      ready: true,
    });
  });

  it('disconnects, leaving what was applied', async () => {
    await flux.disconnect(env.name);
    // Flux's finalizer lets the Kustomization go once it has let go of what it applied
    await statusWhere('the environment off GitOps', s => s.state === 'off');
    expect((await shop()).ready).toBe(true);
  });
});
