import { LocalGitHost, localGitHost } from '../testUtils';

// each test makes several calls to the git host, which is slower while the other suites run beside it
jest.setTimeout(60_000);

/**
 * `GiteaClient` against the local git host (`yarn git:up`, tools/git): the calls pull request previews make,
 * on a real pull request.
 */

describe('GiteaClient against the local git host', () => {
  const name = `gitea-client-${Date.now().toString(36)}`;
  let host: LocalGitHost;

  beforeAll(() => {
    host = localGitHost();
  });

  afterAll(async () => {
    await host
      ?.api('DELETE', `/repos/team-checkout/${name}`)
      .catch(() => undefined);
  });

  it('reads a pull request and its files at the head commit, comments on it, and adds one webhook however often asked', async () => {
    const { api, client: gitea, url } = host;
    await api('POST', '/orgs/team-checkout/repos', {
      name,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    await api('POST', `/repos/team-checkout/${name}/contents/paved.yaml`, {
      content: Buffer.from('spec: {}\n').toString('base64'),
      message: 'Add paved.yaml on a branch',
      branch: 'main',
      new_branch: 'change',
    });
    const { number } = await api('POST', `/repos/team-checkout/${name}/pulls`, {
      head: 'change',
      base: 'main',
      title: 'A change',
    });

    const pr = await gitea.getPullRequest('team-checkout', name, number);
    expect(pr).toMatchObject({
      number,
      url: `${url}/team-checkout/${name}/pulls/${number}`,
      state: 'open',
      merged: false,
      title: 'A change',
    });
    expect(pr!.headSha).toMatch(/^[0-9a-f]{40}$/);
    expect(
      await gitea.readFile('team-checkout', name, 'paved.yaml', pr!.headSha),
    ).toBe('spec: {}\n');
    expect(
      await gitea.readFile('team-checkout', name, 'paved.yaml', 'main'),
    ).toBeUndefined();
    expect(
      await gitea.getPullRequest('team-checkout', name, number + 100),
    ).toBeUndefined();

    await gitea.comment('team-checkout', name, number, 'Preview is up');
    const comments = await api(
      'GET',
      `/repos/team-checkout/${name}/issues/${number}/comments`,
    );
    expect(comments.map((c: { body: string }) => c.body)).toEqual([
      'Preview is up',
    ]);

    const hook = {
      url: 'http://127.0.0.1:7007/api/paved/git/webhook',
      secret: 'x'.repeat(32),
    };
    expect(
      await gitea.ensurePullRequestWebhook('team-checkout', name, hook),
    ).toBe('created');
    expect(
      await gitea.ensurePullRequestWebhook('team-checkout', name, hook),
    ).toBe('exists');
    const hooks = await api('GET', `/repos/team-checkout/${name}/hooks`);
    expect(hooks).toEqual([
      expect.objectContaining({
        type: 'gitea',
        active: true,
        events: expect.arrayContaining(['pull_request']),
        config: expect.objectContaining({ url: hook.url }),
      }),
    ]);

    await api('PATCH', `/repos/team-checkout/${name}/pulls/${number}`, {
      state: 'closed',
    });
    expect(
      await gitea.getPullRequest('team-checkout', name, number),
    ).toMatchObject({ state: 'closed', merged: false });
  });
});
