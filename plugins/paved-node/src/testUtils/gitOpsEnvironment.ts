import { randomBytes } from 'node:crypto';
import {
  DeployRepository,
  FluxDelivery,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import { localClusterRegistry } from './localCluster';
import { LocalGitHost } from './localGitHost';
import { createTestEnvironment } from './testNamespace';

/**
 * A test environment delivered by GitOps from a private deploy repository of the local git host's admin
 * (one first commit on `main`), through the local cluster's Flux, with the repository's read credentials in the
 * environment's Secret `deploy-git`.
 *
 * @public
 */
export interface TestGitOpsEnvironment {
  name: string;
  /** The deploy repository: `<admin>/<name>`. */
  repository: string;
  url: string;
  path: string;
  /** The environment's Flux objects, as Paved's own identity reads and writes them. */
  flux: FluxDelivery;
  /** The deploy repositories of the local git host, as Paved writes them. */
  deployRepository: DeployRepository;
  cleanup(): Promise<void>;
}

/**
 * Creates a test environment of `team` (see {@link createTestEnvironment}) and connects it to a new deploy
 * repository, folder `./environments/<environment>`; `cleanup` removes both.
 *
 * @public
 */
export async function createTestGitOpsEnvironment(
  admin: KubernetesClient,
  git: LocalGitHost,
  options: Parameters<typeof createTestEnvironment>[1] & {
    /** The environment's folder name in the repository (default `dev`). */
    environment?: string;
  },
): Promise<TestGitOpsEnvironment> {
  const name = `deploy-${randomBytes(3).toString('hex')}`;
  await git.api('POST', '/user/repos', {
    name,
    private: true,
    auto_init: true,
    default_branch: 'main',
  });
  const env = await createTestEnvironment(admin, options);
  const url = `${git.url}/${git.user}/${name}.git`;
  const path = `./environments/${options.environment ?? 'dev'}`;
  const cleanup = async () => {
    await git.api('DELETE', `/repos/${git.user}/${name}`).catch(() => {});
    await env.cleanup();
  };
  try {
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
    const flux = new FluxDelivery(await localClusterRegistry().client('local'));
    await flux.connect(env.name, {
      url,
      branch: 'main',
      path,
      secretName: 'deploy-git',
    });
    const deployRepository = new DeployRepository({
      mode: 'git',
      host: {
        host: new URL(git.url).host,
        baseUrl: git.url,
        username: git.user,
        password: git.token,
      },
    });
    return {
      name: env.name,
      repository: `${git.user}/${name}`,
      url,
      path,
      flux,
      deployRepository,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
