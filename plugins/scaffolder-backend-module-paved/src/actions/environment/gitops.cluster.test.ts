import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  LocalGitHost,
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
  rejectionOf,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import {
  DeployRepository,
  FluxDelivery,
  KubernetesClient,
} from '@paved/plugin-paved-node';
import { randomBytes } from 'node:crypto';
import { createEnvironmentGitOpsAction } from './gitops';

// Talks to the local cluster, its Flux controllers and the local git host.
jest.setTimeout(180_000);

// a team of this suite alone, with its own organisation on the git host
const ORG = `test-gitops-${randomBytes(3).toString('hex')}`;
const TEAM = `group:default/${ORG}`;
const bob: UserInfoService = {
  getUserInfo: async () => ({
    userEntityRef: 'user:default/bob',
    ownershipEntityRefs: ['user:default/bob', TEAM],
  }),
};

describe('kubernetes:environment:gitops (local cluster, Flux and git host)', () => {
  let git: LocalGitHost;
  let admin: KubernetesClient;
  let env: { name: string; cleanup: () => Promise<void> };
  let flux: FluxDelivery;

  beforeAll(async () => {
    git = localGitHost();
    admin = await localAdminClient();
    await git.api('POST', '/orgs', { username: ORG, visibility: 'private' });
    await git.api('POST', `/orgs/${ORG}/repos`, {
      name: 'deploy',
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    env = await createTestEnvironment(admin, { team: TEAM, prefix: 'gconn' });
    flux = new FluxDelivery(await localClusterRegistry().client('local'));
  });
  afterAll(async () => {
    await git?.api('DELETE', `/repos/${ORG}/deploy`).catch(() => {});
    await git?.api('DELETE', `/orgs/${ORG}`).catch(() => {});
    await env?.cleanup();
  });

  const action = (permissions = mockServices.permissions()) =>
    createEnvironmentGitOpsAction({
      userInfo: bob,
      permissions,
      auditor: mockServices.auditor.mock(),
      clusters: localClusterRegistry(),
      deployRepository: new DeployRepository({
        mode: 'git',
        host: {
          host: new URL(git.url).host,
          baseUrl: git.url,
          username: git.user,
          password: git.token,
        },
      }),
      gitBaseUrl: git.url,
    });
  const context = (input: Record<string, unknown>) =>
    createMockActionContext({
      input: { cluster: 'local', namespace: env.name, ...input } as any,
    });

  it('refuses a user who may not delete the environment, and a repository of another team, connecting nothing', async () => {
    const denied = mockServices.permissions.mock({
      authorize: async r => r.map(() => ({ result: AuthorizeResult.DENY })),
      authorizeConditional: async r =>
        r.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const refused = await rejectionOf(
      action(denied).handler(context({ repository: `${ORG}/deploy` }) as any),
    );
    expect(refused.name).toBe('NotAllowedError');

    const foreign = await rejectionOf(
      action().handler(context({ repository: 'team-checkout/deploy' }) as any),
    );
    expect(foreign.message).toContain(
      `repository: team-checkout/deploy is not a repository of ${TEAM}`,
    );
    const missing = await rejectionOf(
      action().handler(context({ repository: `${ORG}/nothing` }) as any),
    );
    expect(missing.message).toContain(
      `repository: ${ORG}/nothing has no branch main`,
    );
    expect(await flux.status(env.name)).toEqual({ state: 'off' });
  });

  it('connects the environment to its folder; without read credentials Flux fails and says why', async () => {
    const ctx = context({ repository: `${ORG}/deploy` });
    await action().handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('repository', `${ORG}/deploy`);
    expect(await flux.source(env.name)).toEqual({
      url: `${git.url}/${ORG}/deploy.git`,
      branch: 'main',
      path: `./environments/${env.name}`,
    });
    // the organisation is private and the environment holds no credentials for it: source-controller's fetch
    // fails with the host's answer (the Kustomization may first say its artifact is missing)
    const status = await waitFor(
      async () => {
        const s = await flux.status(env.name);
        return s.state === 'failing' && /authentication/i.test(s.message ?? '')
          ? s
          : undefined;
      },
      { timeoutMs: 90_000, what: 'Flux to report the refused fetch' },
    );
    expect(status.reason).toEqual(expect.any(String));
  });

  it('makes the branch of a protected environment take changes only through Paved', async () => {
    const prod = await createTestEnvironment(admin, {
      team: TEAM,
      prefix: 'gconnprod',
      labels: { 'paved.dev/protected': 'true' },
    });
    try {
      const ctx = context({
        namespace: prod.name,
        repository: `${ORG}/deploy`,
        branch: 'main',
      });
      await action().handler(ctx as any);
      const rule = await git.api(
        'GET',
        `/repos/${ORG}/deploy/branch_protections/main`,
      );
      expect(rule).toMatchObject({
        enable_push: true,
        enable_push_whitelist: true,
        push_whitelist_usernames: [git.user],
        enable_merge_whitelist: true,
        merge_whitelist_usernames: [git.user],
        enable_force_push: false,
      });
      await action().handler(
        context({ namespace: prod.name, connect: false }) as any,
      );
    } finally {
      await prod.cleanup();
    }
  });

  it('goes back to applying directly', async () => {
    await action().handler(context({ connect: false }) as any);
    expect(await flux.status(env.name)).toEqual({ state: 'off' });
  });
});
