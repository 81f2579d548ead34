import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { loopbackServer } from '@paved/plugin-paved-node/testUtils';
import { createGitPublishAction } from './publish';
import { createGitRepositoryAction } from './repository';

// the user the mock context starts tasks as, and their teams
const userInfo = {
  async getUserInfo(credentials: any) {
    const user = credentials.principal.userEntityRef as string;
    return {
      userEntityRef: user,
      ownershipEntityRefs: [user, 'group:default/team-checkout'],
    };
  },
};

/** A Gitea double: team-checkout exists, team-checkout/taken exists, creating works, git pushes fail. */
function giteaDouble() {
  const calls: string[] = [];
  const handler = (req: any, res: any) => {
    calls.push(`${req.method} ${req.url}`);
    const reply = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    // the git host refuses the push
    if (req.url.includes('/info/refs')) return reply(403, 'push refused');
    if (req.url === '/api/v1/orgs/team-checkout') return reply(200, {});
    if (req.url === '/api/v1/repos/team-checkout/taken')
      return reply(200, { private: true, empty: false });
    if (req.method === 'POST' && req.url === '/api/v1/orgs/team-checkout/repos')
      return reply(201, { private: true, empty: true });
    if (req.method === 'DELETE') return reply(204);
    return reply(404, { message: 'not found' });
  };
  return { calls, handler };
}

describe('the git actions', () => {
  const double = giteaDouble();
  let server: Awaited<ReturnType<typeof loopbackServer>>;
  const workspace = createMockDirectory();

  beforeAll(async () => {
    server = await loopbackServer(double.handler);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    double.calls.length = 0;
    workspace.setContent({ 'catalog-info.yaml': 'kind: Component\n' });
  });

  const config = (withHost = true) =>
    mockServices.rootConfig({
      data: {
        integrations: {
          gitea: [
            {
              host: new URL(server.url).host,
              baseUrl: server.url,
              username: 'paved-admin',
              password: 'token-never-shown',
            },
          ],
        },
        ...(withHost
          ? { paved: { git: { host: new URL(server.url).host } } }
          : {}),
      },
    });

  const run = async (
    action:
      | ReturnType<typeof createGitRepositoryAction>
      | ReturnType<typeof createGitPublishAction>,
    input: Record<string, unknown>,
  ) => {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });
    await action.handler(ctx as any);
    return ctx;
  };

  describe('paved:git:repository', () => {
    it('names the repository to publish to in the owner’s organisation when it is free', async () => {
      const ctx = await run(
        createGitRepositoryAction({ config: config(), userInfo }),
        { name: 'orders-api', owner: 'group:default/team-checkout' },
      );
      expect(ctx.output).toHaveBeenCalledWith('publish', true);
      expect(ctx.output).toHaveBeenCalledWith(
        'repositoryUrl',
        `${server.url}/team-checkout/orders-api`,
      );
      expect(double.calls).toEqual([
        'GET /api/v1/orgs/team-checkout',
        'GET /api/v1/repos/team-checkout/orders-api',
      ]);
    });

    it('says publish: false and why, without a git host', async () => {
      const ctx = await run(
        createGitRepositoryAction({ config: config(false), userInfo }),
        { name: 'orders-api', owner: 'team-checkout' },
      );
      expect(ctx.output).toHaveBeenCalledWith('publish', false);
      expect(ctx.output).toHaveBeenCalledWith(
        'reason',
        'no git host is configured (paved.git.host)',
      );
      expect(double.calls).toEqual([]);
    });

    it('refuses another team’s organisation before asking the host anything', async () => {
      await expect(
        run(createGitRepositoryAction({ config: config(), userInfo }), {
          name: 'orders-api',
          owner: 'group:default/team-search',
        }),
      ).rejects.toThrow(
        'owner: group:default/team-search is not one of your teams (group:default/team-checkout)',
      );
      expect(double.calls).toEqual([]);
    });

    it('keeps the team’s repository that is already there (a run again), and refuses a bad name', async () => {
      const action = createGitRepositoryAction({ config: config(), userInfo });
      const ctx = await run(action, {
        name: 'taken',
        owner: 'group:default/team-checkout',
      });
      expect(ctx.output).toHaveBeenCalledWith('publish', true);
      expect(ctx.output).toHaveBeenCalledWith('exists', true);
      expect(ctx.output).toHaveBeenCalledWith(
        'repoContentsUrl',
        `${server.url}/team-checkout/taken/src/branch/main/`,
      );
      await expect(
        run(action, { name: 'Bad_Name', owner: 'group:default/team-checkout' }),
      ).rejects.toThrow('name: "Bad_Name" is not a repository name');
    });
  });

  describe('paved:git:publish', () => {
    it('refuses another team’s organisation before creating anything', async () => {
      await expect(
        run(createGitPublishAction({ config: config(), userInfo }), {
          name: 'orders-api',
          owner: 'group:default/team-search',
        }),
      ).rejects.toThrow('is not one of your teams');
      expect(double.calls).toEqual([]);
    });

    it('refuses to run without a git host', async () => {
      await expect(
        run(createGitPublishAction({ config: config(false), userInfo }), {
          name: 'orders-api',
          owner: 'group:default/team-checkout',
        }),
      ).rejects.toThrow(
        'Cannot publish team-checkout/orders-api: no git host is configured (paved.git.host)',
      );
    });

    it('removes the repository it created when the push fails, and never shows the token', async () => {
      const error = await run(
        createGitPublishAction({ config: config(), userInfo }),
        { name: 'orders-api', owner: 'group:default/team-checkout' },
      ).catch(e => e);
      expect(error.message).toContain(
        `Pushing the code to ${server.url}/team-checkout/orders-api failed, and the repository was removed again`,
      );
      expect(error.message).not.toContain('token-never-shown');
      expect(double.calls[0]).toBe('POST /api/v1/orgs/team-checkout/repos');
      expect(double.calls).toContain(
        'DELETE /api/v1/repos/team-checkout/orders-api',
      );
    }, 30_000);
  });
});
