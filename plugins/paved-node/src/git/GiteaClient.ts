import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { GitHost, repositoryUrl } from './settings';

/** How long one call to the git host may take. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A repository on the git host, as Paved reads it.
 *
 * @public
 */
export interface GitRepository {
  organization: string;
  name: string;
  /** Its web address. */
  url: string;
  private: boolean;
  /** Whether it has no commit yet. */
  empty: boolean;
}

/**
 * A pull request on the git host, as Paved reads it.
 *
 * @public
 */
export interface GitPullRequest {
  number: number;
  /** Its web address. */
  url: string;
  state: 'open' | 'closed';
  merged: boolean;
  /** The commit at the head of its branch. */
  headSha: string;
  title: string;
}

/**
 * An entry of a repository folder.
 *
 * @public
 */
export interface GitFolderEntry {
  /** Its path from the repository's root. */
  path: string;
  /** Its blob (or tree) id. */
  sha: string;
  type: 'file' | 'dir';
}

/**
 * One file of a commit Paved makes: `create` adds it (refused when it exists), `update` replaces the blob `sha`,
 * `delete` removes the blob `sha`; a `sha` that is no longer the file's makes the commit a conflict.
 *
 * @public
 */
export interface GitFileChange {
  operation: 'create' | 'update' | 'delete';
  path: string;
  content?: string;
  sha?: string;
}

/** The largest file Paved reads from a repository (an app spec is a few KiB). */
const MAX_FILE_BYTES = 256 * 1024;

/**
 * The calls Paved makes to a Gitea host's API, as the host's `integrations.gitea` user, each within a
 * timeout. Failures are typed: the host refusing the credentials is a NotAllowedError naming the host, an
 * unreachable host a ServiceUnavailableError; the token never appears in a message.
 *
 * @public
 */
export class GiteaClient {
  private readonly timeoutMs: number;

  constructor(
    private readonly host: GitHost,
    options: { timeoutMs?: number } = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Whether the organisation exists (and the host's user can see it). */
  async hasOrganization(organization: string): Promise<boolean> {
    const response = await this.call('GET', `/orgs/${enc(organization)}`);
    if (response.status === 404) return false;
    await this.expect(response, 200, `read organisation ${organization}`);
    return true;
  }

  /** The repository, or undefined when there is none of that name. */
  async getRepository(
    organization: string,
    name: string,
  ): Promise<GitRepository | undefined> {
    const response = await this.call(
      'GET',
      `/repos/${enc(organization)}/${enc(name)}`,
    );
    if (response.status === 404) return undefined;
    await this.expect(response, 200, `read ${organization}/${name}`);
    return this.repository(organization, name, await response.json());
  }

  /** Creates an empty private repository; one of that name already there is a ConflictError. */
  async createRepository(
    organization: string,
    name: string,
    description: string,
  ): Promise<GitRepository> {
    const response = await this.call(
      'POST',
      `/orgs/${enc(organization)}/repos`,
      { name, description, private: true, default_branch: 'main' },
    );
    if (response.status === 409) {
      throw new ConflictError(
        `The repository ${repositoryUrl(
          this.host,
          organization,
          name,
        )} already exists; choose another name`,
      );
    }
    if (response.status === 404) {
      throw new NotFoundError(
        `The git host ${this.host.baseUrl} has no organisation ${organization}; create it (yarn git:up makes one per team of the example org)`,
      );
    }
    await this.expect(response, 201, `create ${organization}/${name}`);
    return this.repository(organization, name, await response.json());
  }

  /**
   * Waits until a push to the repository has been processed: Gitea records a pushed branch asynchronously, and
   * until it has, the repository reads as empty and its files cannot be read. Polls every `intervalMs`; a
   * repository still empty after `timeoutMs` is a ServiceUnavailableError.
   */
  async waitUntilNotEmpty(
    organization: string,
    name: string,
    options: {
      timeoutMs?: number;
      intervalMs?: number;
      signal?: AbortSignal;
    } = {},
  ): Promise<GitRepository> {
    const { timeoutMs = 30_000, intervalMs = 250, signal } = options;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const repository = await this.getRepository(organization, name);
      if (repository && !repository.empty) return repository;
      if (Date.now() + intervalMs > deadline || signal?.aborted) {
        throw new ServiceUnavailableError(
          `The git host ${this.host.baseUrl} had not recorded the push to ${organization}/${name} after ${timeoutMs} ms`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, intervalMs));
    }
  }

  /** Deletes a repository; one already gone is not an error. */
  async deleteRepository(organization: string, name: string): Promise<void> {
    const response = await this.call(
      'DELETE',
      `/repos/${enc(organization)}/${enc(name)}`,
    );
    if (response.status === 404) return;
    await this.expect(response, 204, `delete ${organization}/${name}`);
  }

  /** A pull request, or undefined when the repository has none of that number. */
  async getPullRequest(
    organization: string,
    name: string,
    number: number,
  ): Promise<GitPullRequest | undefined> {
    const response = await this.call(
      'GET',
      `/repos/${enc(organization)}/${enc(name)}/pulls/${number}`,
    );
    if (response.status === 404) return undefined;
    await this.expect(
      response,
      200,
      `read pull request ${organization}/${name}#${number}`,
    );
    return pullRequestOf(await response.json());
  }

  /**
   * A file of the repository at a commit or branch, or undefined when it has no such file. A file larger than
   * 256 KiB is an InputError.
   */
  async readFile(
    organization: string,
    name: string,
    path: string,
    ref: string,
  ): Promise<string | undefined> {
    const response = await this.call(
      'GET',
      `/repos/${enc(organization)}/${enc(name)}/raw/${path
        .split('/')
        .map(enc)
        .join('/')}?ref=${enc(ref)}`,
    );
    if (response.status === 404) return undefined;
    await this.expect(response, 200, `read ${path} of ${organization}/${name}`);
    const declared = Number(response.headers.get('content-length') ?? 0);
    const text = declared > MAX_FILE_BYTES ? '' : await response.text();
    if (declared > MAX_FILE_BYTES || Buffer.byteLength(text) > MAX_FILE_BYTES) {
      throw new InputError(
        `${path} of ${organization}/${name} at ${ref} is larger than ${MAX_FILE_BYTES} bytes`,
      );
    }
    return text;
  }

  /** Comments on a pull request (or issue). */
  async comment(
    organization: string,
    name: string,
    number: number,
    body: string,
  ): Promise<void> {
    const response = await this.call(
      'POST',
      `/repos/${enc(organization)}/${enc(name)}/issues/${number}/comments`,
      { body },
    );
    await this.expect(
      response,
      201,
      `comment on ${organization}/${name}#${number}`,
    );
  }

  /**
   * Makes sure the repository delivers its pull request and push events to `url` (previews, and GitOps
   * reconciles of environments delivered from it), signed with `secret`: a hook already delivering to that
   * address is left as it is. Returns whether one was created.
   */
  async ensurePullRequestWebhook(
    organization: string,
    name: string,
    hook: { url: string; secret: string },
  ): Promise<'created' | 'exists'> {
    const base = `/repos/${enc(organization)}/${enc(name)}/hooks`;
    const list = await this.call('GET', base);
    await this.expect(
      list,
      200,
      `list the webhooks of ${organization}/${name}`,
    );
    const hooks = (await list.json()) as Array<{ config?: { url?: string } }>;
    if (hooks.some(h => h.config?.url === hook.url)) return 'exists';
    const response = await this.call('POST', base, {
      type: 'gitea',
      active: true,
      events: ['pull_request', 'push'],
      config: { url: hook.url, content_type: 'json', secret: hook.secret },
    });
    await this.expect(
      response,
      201,
      `add a webhook to ${organization}/${name}`,
    );
    return 'created';
  }

  /** The head commit of a branch, or undefined when the repository has no such branch. */
  async branchHead(
    organization: string,
    name: string,
    branch: string,
  ): Promise<string | undefined> {
    const response = await this.call(
      'GET',
      `/repos/${enc(organization)}/${enc(name)}/branches/${enc(branch)}`,
    );
    if (response.status === 404) return undefined;
    await this.expect(
      response,
      200,
      `read branch ${branch} of ${organization}/${name}`,
    );
    const body = (await response.json()) as { commit?: { id?: string } };
    return body.commit?.id;
  }

  /** The files and folders directly in a folder at a ref; none when the folder does not exist. */
  async listFolder(
    organization: string,
    name: string,
    folder: string,
    ref: string,
  ): Promise<GitFolderEntry[]> {
    const response = await this.call(
      'GET',
      `/repos/${enc(organization)}/${enc(name)}/contents/${folder
        .split('/')
        .map(enc)
        .join('/')}?ref=${enc(ref)}`,
    );
    if (response.status === 404) return [];
    await this.expect(
      response,
      200,
      `list ${folder} of ${organization}/${name}`,
    );
    const body = (await response.json()) as unknown;
    if (!Array.isArray(body)) {
      throw new InputError(
        `${folder} of ${organization}/${name} at ${ref} is a file, not a folder`,
      );
    }
    return body.map(e => ({
      path: String(e.path),
      sha: String(e.sha),
      type: e.type === 'dir' ? 'dir' : 'file',
    }));
  }

  /**
   * Writes and deletes files in one commit on `branch`, or on `newBranch` started from it; answers the commit.
   * A file whose `sha` no longer matches (someone wrote it meanwhile) is a ConflictError, so nothing written
   * since it was read is lost.
   */
  async changeFiles(
    organization: string,
    name: string,
    change: {
      branch: string;
      newBranch?: string;
      message: string;
      files: GitFileChange[];
    },
  ): Promise<string> {
    const response = await this.call(
      'POST',
      `/repos/${enc(organization)}/${enc(name)}/contents`,
      {
        branch: change.branch,
        ...(change.newBranch ? { new_branch: change.newBranch } : {}),
        message: change.message,
        files: change.files.map(f => ({
          operation: f.operation,
          path: f.path,
          ...(f.content !== undefined
            ? { content: Buffer.from(f.content).toString('base64') }
            : {}),
          ...(f.sha ? { sha: f.sha } : {}),
        })),
      },
    );
    const target = `${organization}/${name} (${
      change.newBranch ?? change.branch
    })`;
    // the host answers 422 when a file's blob is no longer the one read, or a created file or branch exists
    const refused =
      response.status === 422
        ? (
            await response
              .clone()
              .text()
              .catch(() => '')
          ).slice(0, 300)
        : '';
    if (
      response.status === 409 ||
      /sha|already exist|does not match/i.test(refused)
    ) {
      throw new ConflictError(
        `${target} changed while Paved wrote to it${
          refused ? ` (${refused})` : ''
        }; run the step again to write on top of the new commit`,
      );
    }
    await this.expect(response, 201, `commit to ${target}`);
    const body = (await response.json()) as { commit?: { sha?: string } };
    if (!body.commit?.sha) {
      throw new ServiceUnavailableError(
        `The git host ${this.host.baseUrl} committed to ${target} without naming the commit`,
      );
    }
    return body.commit.sha;
  }

  /**
   * Protects a branch so that only `username` (Paved's own user) may push to it or merge into it: no one else's
   * commit reaches what the branch delivers. An existing rule for the branch is replaced.
   */
  async protectBranch(
    organization: string,
    name: string,
    branch: string,
    username: string,
  ): Promise<void> {
    const base = `/repos/${enc(organization)}/${enc(name)}/branch_protections`;
    const rule = {
      enable_push: true,
      enable_push_whitelist: true,
      push_whitelist_usernames: [username],
      enable_merge_whitelist: true,
      merge_whitelist_usernames: [username],
      enable_force_push: false,
    };
    const existing = await this.call('GET', `${base}/${enc(branch)}`);
    const response =
      existing.status === 200
        ? await this.call('PATCH', `${base}/${enc(branch)}`, rule)
        : await this.call('POST', base, { rule_name: branch, ...rule });
    await this.expect(
      response,
      existing.status === 200 ? 200 : 201,
      `protect branch ${branch} of ${organization}/${name}`,
    );
  }

  /** Opens a pull request of `head` into `base`. */
  async openPullRequest(
    organization: string,
    name: string,
    pull: { head: string; base: string; title: string; body: string },
  ): Promise<GitPullRequest> {
    const response = await this.call(
      'POST',
      `/repos/${enc(organization)}/${enc(name)}/pulls`,
      pull,
    );
    await this.expect(
      response,
      201,
      `open a pull request of ${pull.head} into ${pull.base} in ${organization}/${name}`,
    );
    return pullRequestOf(await response.json());
  }

  /**
   * Merges a pull request whose head is still `headSha` (a merge commit with `message`). A head that moved is a
   * ConflictError and nothing is merged; a request the host cannot merge yet (it checks mergeability after
   * opening) is retried within the client's timeout.
   */
  async mergePullRequest(
    organization: string,
    name: string,
    number: number,
    merge: { headSha: string; title: string; message: string },
  ): Promise<void> {
    const what = `merge ${organization}/${name}#${number}`;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const response = await this.call(
        'POST',
        `/repos/${enc(organization)}/${enc(name)}/pulls/${number}/merge`,
        {
          Do: 'merge',
          MergeTitleField: merge.title,
          MergeMessageField: merge.message,
          head_commit_id: merge.headSha,
          delete_branch_after_merge: true,
        },
      );
      if (response.status === 200) return;
      const text = (
        await response
          .clone()
          .text()
          .catch(() => '')
      ).slice(0, 300);
      if (
        response.status === 409 ||
        /head.*(changed|out of date)/i.test(text)
      ) {
        throw new ConflictError(
          `Cannot ${what}: ${
            text || 'its head or its base changed'
          }; nothing was merged`,
        );
      }
      if (response.status === 405 && Date.now() + 500 < deadline) {
        await new Promise(resolve => setTimeout(resolve, 500));
        continue;
      }
      await this.expect(response, 200, what);
    }
  }

  private repository(
    organization: string,
    name: string,
    body: { private?: boolean; empty?: boolean },
  ): GitRepository {
    return {
      organization,
      name,
      url: repositoryUrl(this.host, organization, name),
      private: body.private === true,
      empty: body.empty === true,
    };
  }

  private async call(
    method: string,
    route: string,
    body?: unknown,
  ): Promise<Response> {
    const basic = Buffer.from(
      `${this.host.username}:${this.host.password}`,
    ).toString('base64');
    try {
      return await fetch(`${this.host.baseUrl}/api/v1${route}`, {
        method,
        headers: {
          authorization: `Basic ${basic}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `did not answer within ${this.timeoutMs} ms`
          : `could not be reached (${
              (error as { cause?: { code?: string } }).cause?.code ??
              (error as Error).message
            })`;
      throw new ServiceUnavailableError(
        `The git host ${this.host.baseUrl} ${reason}; is it running? (yarn git:up starts the local one)`,
      );
    }
  }

  private async expect(
    response: Response,
    status: number,
    what: string,
  ): Promise<void> {
    if (response.status === status) return;
    const text = (await response.text().catch(() => '')).slice(0, 300);
    if (response.status === 401 || response.status === 403) {
      throw new NotAllowedError(
        `The git host ${this.host.baseUrl} refused ${this.host.username}'s credentials to ${what} (HTTP ${response.status}); check the token of its integrations.gitea entry`,
      );
    }
    if (response.status === 422 || response.status === 400) {
      throw new InputError(
        `The git host ${this.host.baseUrl} refused to ${what}: ${text}`,
      );
    }
    throw new ServiceUnavailableError(
      `The git host ${this.host.baseUrl} could not ${what}: HTTP ${response.status} ${text}`,
    );
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function pullRequestOf(body: {
  number: number;
  html_url: string;
  state: string;
  merged?: boolean;
  title?: string;
  head?: { sha?: string };
}): GitPullRequest {
  if (!body.head?.sha) {
    throw new ServiceUnavailableError(
      `The git host gave pull request #${body.number} without a head commit`,
    );
  }
  return {
    number: body.number,
    url: body.html_url,
    state: body.state === 'open' ? 'open' : 'closed',
    merged: body.merged === true,
    headSha: body.head.sha,
    title: body.title ?? '',
  };
}
