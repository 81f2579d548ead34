import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import { UpstreamTimeoutError } from '../limits/errors';
import { DEFAULT_PAVED_LIMITS, PavedLimits } from '../limits/readLimits';
import {
  KubernetesStatus,
  clusterCredentialsRefused,
  isSchemaRefusal,
  toBackstageError,
} from './errors';
import { ClusterIdentity, PavedCluster } from './types';
import {
  AttemptFailure,
  DEFAULT_RETRY_BACKOFF,
  backoffDelay,
  isIdempotentRequest,
  isRetryable,
  parseRetryAfter,
  sleep,
  socketFailure,
} from './retry';

/**
 * One request to the Kubernetes API.
 *
 * @public
 */
export interface KubernetesRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the API server, e.g. `/api/v1/namespaces/dev/pods`. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Content type of the body; JSON unless a patch type is given. */
  contentType?: string;
  /** Words that say what was being done, prefixed to error messages. */
  context?: string;
  /** Aborts the request, e.g. when the browser that asked for a log stream goes away. */
  signal?: AbortSignal;
  /** Receives the API server's `Warning` headers (deprecations, Pod Security warnings, …). */
  warnings?: string[];
  /** Receives the HTTP status of a successful answer (e.g. 201 when server-side apply created the object). */
  onStatus?: (statusCode: number) => void;
  /**
   * The answer stays open until aborted (a log follow). Such a request goes through the client's own stream
   * connections, so open streams never hold up short calls, and is timed only until its connection is made
   * (TCP and TLS): a quiet container may send nothing for long, and the API server only answers once it does.
   */
  longLived?: boolean;
  /**
   * Whether sending the request twice changes no more than sending it once. By default GET, PUT, DELETE,
   * server-side apply patches and server-side dry runs are; only those are retried after a 5xx answer or a
   * broken connection (see {@link isRetryable}).
   */
  idempotent?: boolean;
  /**
   * `false` sends the request once. `true` also retries a read whose connection failed, as a step that must
   * get through does. By default a read is retried only when the API server answered 429 or a 5xx: an
   * unreachable cluster fails a read at once, so pages that read many clusters are not held up by one.
   */
  retry?: boolean;
}

/**
 * Gives the bearer token of Paved's identity on a cluster, asked for every request.
 *
 * @public
 */
export type KubernetesCredentialSource = () => Promise<string | undefined>;

/**
 * Connection budget and timeouts of a cluster's clients (from `paved.limits`).
 *
 * @public
 */
export type KubernetesClientLimits = Pick<
  PavedLimits,
  'connections' | 'timeouts'
>;

/** The two connection pools of one cluster: short calls, and long-lived streams. */
interface ClusterAgents {
  requests: http.Agent;
  streams: http.Agent;
}

/** Why an attempt failed, attached to the error it threw. */
const ATTEMPT_FAILURE = Symbol('paved.attemptFailure');

function withFailure<E extends Error>(error: E, failure: AttemptFailure): E {
  Object.defineProperty(error, ATTEMPT_FAILURE, { value: failure });
  return error;
}

function failureOf(error: unknown): AttemptFailure | undefined {
  return (error as Record<symbol, AttemptFailure> | undefined)?.[
    ATTEMPT_FAILURE
  ];
}

/**
 * Whether the kubeconfig's current user authenticates with a header (a token, an exec plugin or an auth
 * provider), which is asked for on every request. Client certificates and the CA are in the connection pool's
 * TLS options already, so a user without such auth needs nothing per request.
 */
function hasHeaderAuth(kubeConfig: KubeConfig): boolean {
  const user = kubeConfig.getCurrentUser();
  return Boolean(user && (user.token || user.exec || user.authProvider));
}

/** Set on the error of a writing request one of whose attempts was sent but never answered. */
const MAYBE_SENT = Symbol('paved.maybeSent');

/**
 * Whether a request that failed with `error` may still have taken effect: it writes (it is not a GET), and one
 * of its attempts was sent but its answer was lost (a timeout or a broken connection). False when every
 * attempt was refused or answered.
 *
 * @public
 */
export function mayHaveTakenEffect(error: unknown): boolean {
  return Boolean(error && typeof error === 'object' && MAYBE_SENT in error);
}

/**
 * A small Kubernetes REST client on one cluster, optionally impersonating a user. Authentication and TLS
 * come from `@kubernetes/client-node`'s `KubeConfig`; requests are plain HTTPS so that server-side apply,
 * dry-run and streaming are used exactly as the API defines them.
 *
 * @public
 */
export class KubernetesClient {
  private constructor(
    readonly cluster: PavedCluster,
    private readonly kubeConfig: KubeConfig,
    private readonly agents: ClusterAgents,
    private readonly limits: KubernetesClientLimits,
    private readonly identity?: ClusterIdentity,
    private readonly credential?: KubernetesCredentialSource,
  ) {}

  /**
   * Creates a client for a cluster; pass an identity to act as that user when the cluster impersonates.
   * Every request asks `credential` for Paved's bearer token (the cluster's `token` unless given), so a
   * rotating token is always current.
   */
  static async create(
    cluster: PavedCluster,
    identity?: ClusterIdentity,
    limits: KubernetesClientLimits = DEFAULT_PAVED_LIMITS,
    credential: KubernetesCredentialSource = async () => cluster.token,
  ): Promise<KubernetesClient> {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url,
          caData: cluster.caData,
          caFile: cluster.caFile,
          skipTLSVerify: cluster.skipTLSVerify,
        },
      ],
      users: [{ name: 'paved' }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'paved' }],
      currentContext: cluster.name,
    });
    return KubernetesClient.fromKubeConfig(
      kubeConfig,
      cluster,
      identity,
      limits,
      credential,
    );
  }

  /**
   * Creates a client from a loaded kubeconfig's current context (client certificates included), e.g. an
   * admin kubeconfig in tests and tools. `credential`, when given, supplies the bearer token of every request.
   */
  static async fromKubeConfig(
    kubeConfig: KubeConfig,
    cluster?: PavedCluster,
    identity?: ClusterIdentity,
    limits: KubernetesClientLimits = DEFAULT_PAVED_LIMITS,
    credential?: KubernetesCredentialSource,
  ): Promise<KubernetesClient> {
    const current = kubeConfig.getCurrentCluster();
    const described: PavedCluster = cluster ?? {
      name: current?.name ?? kubeConfig.getCurrentContext(),
      url: current?.server ?? '',
      skipTLSVerify: current?.skipTLSVerify ?? false,
      impersonate: false,
    };
    const options: https.RequestOptions = {};
    await kubeConfig.applyToHTTPSOptions(options);
    const tls: https.AgentOptions = {
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: !described.skipTLSVerify,
    };
    // plain HTTP only for an API server reached through a local proxy (kubectl proxy) or a test double
    const Agent = described.url.startsWith('http:') ? http.Agent : https.Agent;
    const agents: ClusterAgents = {
      requests: new Agent({
        ...tls,
        keepAlive: true,
        maxSockets: limits.connections.requestSockets,
      }),
      streams: new Agent({
        ...tls,
        keepAlive: false,
        maxSockets: limits.connections.streamSockets,
      }),
    };
    return new KubernetesClient(
      described,
      kubeConfig,
      agents,
      limits,
      described.impersonate ? identity : undefined,
      credential,
    );
  }

  /** The client for the same cluster acting as another user. */
  withIdentity(identity: ClusterIdentity | undefined): KubernetesClient {
    return new KubernetesClient(
      this.cluster,
      this.kubeConfig,
      this.agents,
      this.limits,
      this.cluster.impersonate ? identity : undefined,
      this.credential,
    );
  }

  /** Whether requests from this client carry impersonation headers. */
  get impersonating(): ClusterIdentity | undefined {
    return this.identity;
  }

  /** Sends a request and parses the JSON answer; failures become typed Backstage errors. */
  async request<T = unknown>(request: KubernetesRequest): Promise<T> {
    const response = await this.send(request, 'application/json');
    const text = await readAll(response);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Sends a request and returns the response stream (for logs and watches) once its status is OK. Unless
   * the request is `longLived`, the whole answer must arrive within the short-call timeout: reading the
   * stream then fails with the timeout error.
   */
  async stream(request: KubernetesRequest): Promise<IncomingMessage> {
    return this.send(request, '*/*');
  }

  /**
   * Sends a request, retrying a failure {@link isRetryable} says is passing (a read only when answered,
   * unless `retry: true`) with jittered exponential backoff
   * (at least `Retry-After`) while `paved.limits.timeouts.kubernetesRetryMs` from the first attempt lasts and
   * the request's signal has not aborted. The error of the last attempt says how many were made.
   */
  private async send(
    request: KubernetesRequest,
    accept: string,
  ): Promise<IncomingMessage> {
    const start = Date.now();
    const budgetMs =
      request.retry === false
        ? 0
        : this.limits.timeouts.kubernetesRetryMs ??
          DEFAULT_PAVED_LIMITS.timeouts.kubernetesRetryMs;
    const idempotent = isIdempotentRequest(request);
    let maybeSent = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(request, accept);
      } catch (error) {
        const failure = failureOf(error);
        maybeSent ||=
          (failure?.kind === 'network' || failure?.kind === 'timeout') &&
          (request.method ?? 'GET') !== 'GET';
        if (maybeSent && error instanceof Error) {
          Object.defineProperty(error, MAYBE_SENT, { value: true });
        }
        const unansweredRead =
          failure?.kind !== 'status' &&
          (request.method ?? 'GET') === 'GET' &&
          request.retry !== true;
        if (!failure || unansweredRead || !isRetryable(failure, idempotent)) {
          throw error;
        }
        const delay = backoffDelay(
          attempt - 1,
          DEFAULT_RETRY_BACKOFF,
          failure.kind === 'status' ? failure.retryAfterMs : undefined,
        );
        const elapsed = Date.now() - start;
        if (elapsed + delay >= budgetMs || request.signal?.aborted) {
          if (attempt > 1 && error instanceof Error) {
            error.message += ` (gave up after ${attempt} attempts in ${elapsed} ms; paved.limits.timeouts.kubernetesRetryMs is ${budgetMs})`;
          }
          throw error;
        }
        await sleep(delay, request.signal);
      }
    }
  }

  private async attempt(
    request: KubernetesRequest,
    accept: string,
  ): Promise<IncomingMessage> {
    const url = new URL(request.path, this.cluster.url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string | string[]> = { Accept: accept };
    if (hasHeaderAuth(this.kubeConfig)) {
      // a kubeconfig user's token, exec plugin or auth provider gives the current Authorization header
      const auth: https.RequestOptions = { headers: {} };
      await this.kubeConfig.applyToHTTPSOptions(auth);
      Object.assign(headers, auth.headers);
    }
    const token = await this.credential?.().catch(error => {
      throw new ServiceUnavailableError(
        `${
          request.context ?? request.path
        }: Paved has no credential for cluster "${
          this.cluster.name
        }" (${error})`,
      );
    });
    if (token) headers.Authorization = `Bearer ${token}`;
    if (this.identity) {
      headers['Impersonate-User'] = this.identity.user;
      if (this.identity.groups.length > 0) {
        headers['Impersonate-Group'] = this.identity.groups;
      }
    }
    let payload: string | undefined;
    if (request.body !== undefined) {
      payload =
        typeof request.body === 'string'
          ? request.body
          : JSON.stringify(request.body);
      headers['Content-Type'] = request.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(payload));
    }
    const method = request.method ?? 'GET';
    const context = request.context ?? `${method} ${url.pathname}`;
    const longLived = request.longLived ?? false;
    const timeoutMs = longLived
      ? this.limits.timeouts.kubernetesConnectMs
      : this.limits.timeouts.kubernetesMs;
    const timeoutKey = longLived
      ? 'paved.limits.timeouts.kubernetesConnectMs'
      : 'paved.limits.timeouts.kubernetesMs';
    let timedOut: UpstreamTimeoutError | undefined;
    const open: { req?: ClientRequest; answer?: IncomingMessage } = {};
    // one clock from connecting on: a stopped API server accepts connections but never answers
    const timer = setTimeout(() => {
      timedOut = new UpstreamTimeoutError(
        `${
          request.context ? `${request.context}: ` : ''
        }Kubernetes API server of cluster "${this.cluster.name}" did not ${
          longLived ? 'take the connection for' : 'answer'
        } ${method} ${url.pathname} within ${timeoutMs} ms (${timeoutKey})`,
      );
      open.answer?.destroy(timedOut);
      open.req?.destroy(timedOut);
    }, timeoutMs);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = (url.protocol === 'http:' ? http : https).request(url, {
        method,
        headers,
        agent: longLived ? this.agents.streams : this.agents.requests,
        signal: request.signal,
      });
      open.req = req;
      if (longLived) {
        // stream connections are not reused, so each one makes its TLS handshake
        req.once('socket', socket =>
          socket.once(
            url.protocol === 'http:' ? 'connect' : 'secureConnect',
            () => clearTimeout(timer),
          ),
        );
      }
      req.on('response', resolve);
      req.on('error', error => {
        clearTimeout(timer);
        const failed =
          timedOut ??
          new ServiceUnavailableError(
            `${context}: cluster "${this.cluster.name}" at ${this.cluster.url} is unreachable (${error.message})`,
          );
        // an aborted request is not retried
        reject(
          request.signal?.aborted
            ? failed
            : withFailure(
                failed,
                timedOut ? { kind: 'timeout' } : socketFailure(error),
              ),
        );
      });
      req.end(payload);
    });
    open.answer = response;
    // the reader sees a timeout through its own listeners; this one keeps an unread answer from crashing
    response.on('error', () => {});
    if (longLived) clearTimeout(timer);
    else response.once('close', () => clearTimeout(timer));
    const code = response.statusCode ?? 0;
    if (request.warnings) {
      request.warnings.push(...parseWarnings(response.headers.warning));
    }
    if (code >= 200 && code < 300) {
      request.onStatus?.(code);
      return response;
    }
    const text = await readAll(response);
    let status: KubernetesStatus;
    try {
      status = JSON.parse(text);
    } catch {
      status = { message: text.trim() || `HTTP ${code}` };
    }
    // a 401 is about Paved's token, never the signed-in user's: the user cannot fix it by signing in again
    if (code === 401) {
      throw clusterCredentialsRefused(this.cluster.name, code, status, context);
    }
    throw withFailure(toBackstageError(code, status, context), {
      kind: 'status',
      // an object that does not fit its kind's schema is refused the same way however often it is sent
      code: isSchemaRefusal(code, status) ? 400 : code,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }
}

/**
 * The whole answer as text. Plain listeners rather than an async iterator: an apply reads hundreds of small
 * answers at once, and the iterator's machinery cost more CPU than the reading. An answer destroyed before
 * its end (a timeout, a closed connection) rejects with the error it was destroyed with.
 */
function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    stream.once('error', reject);
    stream.once('close', () => {
      if (!ended) {
        reject(
          stream.errored ??
            new Error('the connection closed before the whole answer arrived'),
        );
      }
    });
  });
}

/** Extracts the texts of `Warning: 299 - "text"` headers. */
function parseWarnings(header: string | string[] | undefined): string[] {
  if (!header) return [];
  const values = Array.isArray(header) ? header : [header];
  const texts: string[] = [];
  for (const value of values) {
    for (const match of value.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) {
      texts.push(match[1].replace(/\\(.)/g, '$1'));
    }
  }
  return texts;
}
