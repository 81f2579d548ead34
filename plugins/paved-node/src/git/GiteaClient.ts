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
