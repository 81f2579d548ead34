import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { ServiceUnavailableError } from '@backstage/errors';
import { KubernetesStatus, toBackstageError } from './errors';
import { ClusterIdentity, PavedCluster } from './types';

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
    private readonly agent: https.Agent,
    private readonly identity?: ClusterIdentity,
  ) {}

  /** Creates a client for a cluster; pass an identity to act as that user when the cluster impersonates. */
  static async create(
    cluster: PavedCluster,
    identity?: ClusterIdentity,
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
      users: [{ name: 'paved', token: cluster.token }],
      contexts: [{ name: cluster.name, cluster: cluster.name, user: 'paved' }],
      currentContext: cluster.name,
    });
    return KubernetesClient.fromKubeConfig(kubeConfig, cluster, identity);
  }

  /**
   * Creates a client from a loaded kubeconfig's current context (client certificates included), e.g. an
   * admin kubeconfig in tests and tools.
   */
  static async fromKubeConfig(
    kubeConfig: KubeConfig,
    cluster?: PavedCluster,
    identity?: ClusterIdentity,
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
    const agent = new https.Agent({
      keepAlive: true,
      maxSockets: 32,
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: !described.skipTLSVerify,
    });
    return new KubernetesClient(
      described,
      kubeConfig,
      agent,
      described.impersonate ? identity : undefined,
    );
  }

  /** The client for the same cluster acting as another user. */
  withIdentity(identity: ClusterIdentity | undefined): KubernetesClient {
    return new KubernetesClient(
      this.cluster,
      this.kubeConfig,
      this.agent,
      this.cluster.impersonate ? identity : undefined,
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

  /** Sends a request and returns the response stream (for logs and watches) once its status is OK. */
  async stream(request: KubernetesRequest): Promise<IncomingMessage> {
    return this.send(request, '*/*');
  }

  private async send(
    request: KubernetesRequest,
    accept: string,
  ): Promise<IncomingMessage> {
    const url = new URL(request.path, this.cluster.url);
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string | string[]> = { Accept: accept };
    const auth: https.RequestOptions = { headers: {} };
    await this.kubeConfig.applyToHTTPSOptions(auth);
    Object.assign(headers, auth.headers);
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
    const context =
      request.context ?? `${request.method ?? 'GET'} ${url.pathname}`;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = https.request(url, {
        method: request.method ?? 'GET',
        headers,
        agent: this.agent,
        signal: request.signal,
      });
      req.on('response', resolve);
      req.on('error', error =>
        reject(
          new ServiceUnavailableError(
            `${context}: cluster "${this.cluster.name}" at ${this.cluster.url} is unreachable (${error.message})`,
          ),
        ),
      );
      req.end(payload);
    });
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
    throw toBackstageError(code, status, context);
  }
}

async function readAll(stream: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
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
