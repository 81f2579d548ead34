import fs from 'node:fs';
import path from 'node:path';
import { GiteaClient } from './GiteaClient';

/**
 * `GiteaClient` against the local git host (`yarn git:up`, tools/git): the calls pull request previews make,
 * on a real pull request. The host's coordinates come from the environment or `.cluster/git.env`.
 */

const ENV_FILE = path.resolve(__dirname, '../../../../.cluster/git.env');

function gitHostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  if (fs.existsSync(ENV_FILE)) {
    for (const line of fs.readFileSync(ENV_FILE, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)='(.*)'$/.exec(line);
      if (match) env[match[1]] = match[2];
    }
  }
  for (const key of [
    'PAVED_GITEA_URL',
    'PAVED_GITEA_USER',
    'PAVED_GITEA_TOKEN',
  ]) {
    env[key] = process.env[key] ?? env[key];
    if (!env[key]) {
      throw new Error(
        `${key} is not set and ${ENV_FILE} does not give it: start the local git host with \`yarn git:up\``,
      );
    }
  }
  return env;
}

describe('GiteaClient against the local git host', () => {
  const name = `gitea-client-${Date.now().toString(36)}`;
  let env: Record<string, string>;
  let api: (method: string, route: string, body?: unknown) => Promise<Response>;

  beforeAll(() => {
    env = gitHostEnv();
    api = (method, route, body) =>
      fetch(`${env.PAVED_GITEA_URL}/api/v1${route}`, {
        method,
        headers: {
          authorization: `token ${env.PAVED_GITEA_TOKEN}`,
          'content-type': 'application/json',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
  });

  afterAll(async () => {
    await api?.('DELETE', `/repos/team-checkout/${name}`);
  });

  it('reads a pull request and its files at the head commit, comments on it, and adds one webhook however often asked', async () => {
    const gitea = new GiteaClient({
      host: new URL(env.PAVED_GITEA_URL).host,
      baseUrl: env.PAVED_GITEA_URL,
      username: env.PAVED_GITEA_USER,
      password: env.PAVED_GITEA_TOKEN,
    });
    const created = await api('POST', '/orgs/team-checkout/repos', {
      name,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    expect(created.status).toBe(201);
    const file = await api(
      'POST',
      `/repos/team-checkout/${name}/contents/paved.yaml`,
      {
        content: Buffer.from('spec: {}\n').toString('base64'),
        message: 'Add paved.yaml on a branch',
        branch: 'main',
        new_branch: 'change',
      },
    );
    expect(file.status).toBe(201);
    const opened = await api('POST', `/repos/team-checkout/${name}/pulls`, {
      head: 'change',
      base: 'main',
      title: 'A change',
    });
    expect(opened.status).toBe(201);
    const { number } = await opened.json();

    const pr = await gitea.getPullRequest('team-checkout', name, number);
    expect(pr).toMatchObject({
      number,
      url: `${env.PAVED_GITEA_URL}/team-checkout/${name}/pulls/${number}`,
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
    expect(
      (await comments.json()).map((c: { body: string }) => c.body),
    ).toEqual(['Preview is up']);

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
    const hooks = await (
      await api('GET', `/repos/team-checkout/${name}/hooks`)
    ).json();
    expect(hooks).toEqual([
      expect.objectContaining({
        type: 'gitea',
        active: true,
        events: expect.arrayContaining(['pull_request']),
        config: expect.objectContaining({ url: hook.url }),
      }),
    ]);

    const closed = await api(
      'PATCH',
      `/repos/team-checkout/${name}/pulls/${number}`,
      { state: 'closed' },
    );
    expect(closed.status).toBe(201);
    expect(
      await gitea.getPullRequest('team-checkout', name, number),
    ).toMatchObject({ state: 'closed', merged: false });
  });
});
