import fs from 'node:fs';
import path from 'node:path';
import { GiteaClient } from '@paved/plugin-paved-node';
import { clusterDir } from './localCluster';

/**
 * The local git host (`yarn git:up`, tools/git) as tests use it: its address and admin, Paved's client for it,
 * and its API as the admin (a developer's side: branches, pull requests, comments).
 *
 * @public
 */
export interface LocalGitHost {
  url: string;
  user: string;
  token: string;
  client: GiteaClient;
  /** Calls `/api/v1<route>` as the admin; a status of 300 or more throws with the answer. */
  api(method: string, route: string, body?: unknown): Promise<any>;
  /**
   * Commits `files` (path → text) to `branch` of `owner/repo` in one commit, creating or updating each; answers
   * the commit's SHA.
   */
  commitFiles(
    repository: string,
    files: Record<string, string>,
    options: { message: string; branch?: string },
  ): Promise<string>;
}

/**
 * The local git host's coordinates from the environment (`PAVED_GITEA_URL`, `PAVED_GITEA_USER`,
 * `PAVED_GITEA_TOKEN`), else from `.cluster/git.env`; a missing one fails naming `yarn git:up`.
 *
 * @public
 */
export function localGitHost(): LocalGitHost {
  const file = path.join(clusterDir(), 'git.env');
  const env: Record<string, string | undefined> = {};
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const match = /^([A-Z_]+)='(.*)'$/.exec(line);
      if (match) env[match[1]] = match[2];
    }
  }
  const read = (key: string) => {
    const value = process.env[key] ?? env[key];
    if (!value) {
      throw new Error(
        `${key} is not set and ${file} does not give it: start the local git host with \`yarn git:up\``,
      );
    }
    return value;
  };
  const url = read('PAVED_GITEA_URL');
  const user = read('PAVED_GITEA_USER');
  const token = read('PAVED_GITEA_TOKEN');
  const api: LocalGitHost['api'] = async (method, route, body) => {
    const response = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status >= 300) {
      throw new Error(
        `${method} ${route}: HTTP ${response.status} ${await response.text()}`,
      );
    }
    return response.status === 204 ? undefined : response.json();
  };
  return {
    url,
    user,
    token,
    client: new GiteaClient({
      host: new URL(url).host,
      baseUrl: url,
      username: user,
      password: token,
    }),
    api,
    async commitFiles(repository, files, options) {
      const branch = options.branch ?? 'main';
      const changes = [];
      for (const [filePath, text] of Object.entries(files)) {
        const existing = await api(
          'GET',
          `/repos/${repository}/contents/${filePath}?ref=${branch}`,
        ).catch(() => undefined);
        changes.push({
          operation: existing ? 'update' : 'create',
          path: filePath,
          content: Buffer.from(text).toString('base64'),
          ...(existing ? { sha: existing.sha } : {}),
        });
      }
      const answer = await api('POST', `/repos/${repository}/contents`, {
        branch,
        message: options.message,
        files: changes,
      });
      return answer.commit.sha;
    },
  };
}
