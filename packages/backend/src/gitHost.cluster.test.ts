import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { ConfigSources, FileConfigSource } from '@backstage/config-loader';
import { parse } from 'yaml';

// each test makes several calls to the git host, which is slower while the other suites run beside it
jest.setTimeout(60_000);

/**
 * The local git host (`yarn git:up`, tools/git) against the app's own configuration: the organisations the
 * example teams publish into, and Backstage's Gitea integration as app-config.yaml sets it up (the URL reader
 * the catalog and the scaffolder use), reading a private repository with the token from .cluster/git.env.
 */

const REPO_ROOT = path.resolve(__dirname, '../../..');
const ENV_FILE = path.join(REPO_ROOT, '.cluster/git.env');

/** KEY='value' lines of .cluster/git.env. */
function gitHostEnv(): Record<string, string> {
  if (!fs.existsSync(ENV_FILE)) {
    throw new Error(
      `${ENV_FILE} is missing: start the local git host with \`yarn git:up\``,
    );
  }
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(ENV_FILE, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)='(.*)'$/.exec(line);
    if (match) env[match[1]] = match[2];
  }
  return env;
}

/** app-config.yaml with `${…}` filled from `env` only. */
async function appConfig(env: Record<string, string>) {
  const source = FileConfigSource.create({
    path: path.join(REPO_ROOT, 'app-config.yaml'),
    substitutionFunc: async name => env[name],
  });
  return ConfigSources.toConfig(source);
}

function teams(): string[] {
  const docs = fs
    .readFileSync(path.join(REPO_ROOT, 'examples/org.yaml'), 'utf8')
    .split(/^---$/m)
    .map(doc => parse(doc))
    .filter(Boolean);
  return docs
    .filter(d => d.kind === 'Group' && d.spec?.type === 'team')
    .map(d => d.metadata.name);
}

describe('the local git host', () => {
  let env: Record<string, string>;
  let api: (method: string, route: string, body?: unknown) => Promise<Response>;
  const repo = `git-host-test-${Date.now().toString(36)}`;

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
    await api?.('DELETE', `/repos/team-checkout/${repo}`);
  });

  it('has a private organisation for every team of the example org', async () => {
    const names = teams();
    expect(names).toEqual(
      expect.arrayContaining(['team-checkout', 'team-search', 'team-platform']),
    );
    for (const team of names) {
      const res = await api('GET', `/orgs/${team}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        username: team,
        visibility: 'private',
      });
    }
  });

  it('serves private repositories to Backstage’s Gitea integration from app-config.yaml, and to no one anonymous', async () => {
    const created = await api('POST', '/orgs/team-checkout/repos', {
      name: repo,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    expect(created.status).toBe(201);
    const content = 'apiVersion: backstage.io/v1alpha1\nkind: Component\n';
    const file = await api(
      'POST',
      `/repos/team-checkout/${repo}/contents/catalog-info.yaml`,
      {
        content: Buffer.from(content).toString('base64'),
        message: 'Add catalog-info.yaml',
        branch: 'main',
      },
    );
    expect(file.status).toBe(201);
    const url = `${env.PAVED_GITEA_URL}/team-checkout/${repo}/src/branch/main/catalog-info.yaml`;

    const config = await appConfig(env);
    const reader = UrlReaders.default({
      config,
      logger: mockServices.logger.mock(),
    });
    const read = await reader.readUrl(url);
    expect((await read.buffer()).toString()).toBe(content);

    // app-config.yaml without the git host's env: the same host, no credentials, refused the private file
    const anonymousConfig = await appConfig({});
    const [gitea] = anonymousConfig.getConfigArray('integrations.gitea');
    expect(gitea.getOptionalString('password')).toBeUndefined();
    const anonymous = UrlReaders.default({
      config: new ConfigReader({
        integrations: {
          gitea: [
            {
              host: new URL(env.PAVED_GITEA_URL).host,
              baseUrl: env.PAVED_GITEA_URL,
            },
          ],
        },
      }),
      logger: mockServices.logger.mock(),
    });
    await expect(anonymous.readUrl(url)).rejects.toThrow();
  });

  it('gives pull request previews the webhook secret from .cluster/git.env, and none without it', async () => {
    expect(env.PAVED_GIT_WEBHOOK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await appConfig(env)).getOptionalString(
        'paved.git.previews.webhookSecret',
      ),
    ).toBe(env.PAVED_GIT_WEBHOOK_SECRET);
    expect(
      (await appConfig({})).getOptionalString(
        'paved.git.previews.webhookSecret',
      ),
    ).toBeUndefined();
  });
});
