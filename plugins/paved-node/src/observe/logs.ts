import { ServiceUnavailableError } from '@backstage/errors';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { NamespacedSelection } from '../cluster/labelSelector';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';

/**
 * A pod of an entity and its containers.
 *
 * @public
 */
export interface PodContainers {
  name: string;
  phase?: string;
  containers: string[];
  /** When the pod was created (RFC 3339). */
  created?: string;
  /** Whether the pod's Ready condition is true. */
  ready?: boolean;
  /** Restarts of all its containers together. */
  restarts?: number;
}

/**
 * One log line with where it came from. `time` is the API server's RFC 3339 timestamp of the line.
 *
 * @public
 */
export interface LogLine {
  time: string;
  pod: string;
  container: string;
  text: string;
}

/**
 * Options for reading a container's log.
 *
 * @public
 */
export interface LogOptions {
  namespace: string;
  pod: string;
  container: string;
  /** Lines from the end. */
  tailLines?: number;
  /** Only lines newer than this many seconds. */
  sinceSeconds?: number;
  /**
   * Only lines from this moment on (RFC 3339, e.g. `2026-11-21T10:00:00Z`; the pod log API's `sinceTime`).
   * Without `tailLines` the API server then sends the oldest lines from there first. Not with `sinceSeconds`.
   */
  sinceTime?: string;
  /** The previous (crashed) instance of the container. */
  previous?: boolean;
  /**
   * Most bytes of a read (the pod log API's `limitBytes`; the backend also stops reading there). Default:
   * `DEFAULT_PAVED_LIMITS.logs.readBytes`. Not used when following.
   */
  limitBytes?: number;
  signal?: AbortSignal;
}

/**
 * The lines of a log read, and whether the read stopped at its byte limit (the newest lines asked for are
 * then missing).
 *
 * @public
 */
export interface BoundedLogRead {
  lines: LogLine[];
  truncated: boolean;
}

/**
 * The pods matching a label selector in one namespace, with their container names.
 *
 * @public
 */
export async function listPods(
  client: KubernetesClient,
  options: NamespacedSelection,
): Promise<PodContainers[]> {
  const list = await client.request<{
    items: Array<{
      metadata: { name: string; creationTimestamp?: string };
      spec: { containers: Array<{ name: string }> };
      status?: {
        phase?: string;
        conditions?: Array<{ type: string; status: string }>;
        containerStatuses?: Array<{ restartCount?: number }>;
      };
    }>;
  }>({
    path: `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods`,
    query: { labelSelector: options.labelSelector },
  });
  return list.items.map(p => ({
    name: p.metadata.name,
    phase: p.status?.phase,
    containers: p.spec.containers.map(c => c.name),
    ...(p.metadata.creationTimestamp
      ? { created: p.metadata.creationTimestamp }
      : {}),
    ready:
      p.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      ) ?? false,
    restarts: (p.status?.containerStatuses ?? []).reduce(
      (sum, c) => sum + (c.restartCount ?? 0),
      0,
    ),
  }));
}

function logQuery(options: LogOptions, follow: boolean) {
  return {
    container: options.container,
    timestamps: true,
    tailLines: options.tailLines,
    sinceSeconds: options.sinceSeconds,
    sinceTime: options.sinceTime,
    previous: options.previous || undefined,
    follow: follow || undefined,
    limitBytes: follow ? undefined : readLimit(options),
  };
}

function readLimit(options: LogOptions): number {
  return options.limitBytes ?? DEFAULT_PAVED_LIMITS.logs.readBytes;
}

function logPath(options: LogOptions) {
  return `/api/v1/namespaces/${encodeURIComponent(
    options.namespace,
  )}/pods/${encodeURIComponent(options.pod)}/log`;
}

/** Splits a `timestamps=true` log line into its time and text. */
export function parseLogLine(
  raw: string,
  pod: string,
  container: string,
): LogLine {
  const space = raw.indexOf(' ');
  const time = space > 0 ? raw.slice(0, space) : '';
  const isTime = /^\d{4}-\d{2}-\d{2}T/.test(time);
  return {
    time: isTime ? time : '',
    pod,
    container,
    text: isTime ? raw.slice(space + 1) : raw,
  };
}

/**
 * Reads the end of a container's log.
 *
 * @public
 */
export async function readLogs(
  client: KubernetesClient,
  options: LogOptions,
): Promise<LogLine[]> {
  return (await readLogsBounded(client, options)).lines;
}

/**
 * Reads the end of a container's log, at most `limitBytes` of it: the API server is asked for no more, and
 * reading stops there whatever it sends. A read cut at the limit keeps its whole lines and says it was cut.
 *
 * @public
 */
export async function readLogsBounded(
  client: KubernetesClient,
  options: LogOptions,
): Promise<BoundedLogRead> {
  const limit = readLimit(options);
  const stream = await client.stream({
    path: logPath(options),
    query: logQuery(options, false),
    signal: options.signal,
    context: `reading logs of ${options.namespace}/${options.pod}/${options.container}`,
  });
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    bytes += buffer.length;
    // leaving the loop ends the answer's stream
    if (bytes >= limit) break;
  }
  const truncated = bytes >= limit;
  // decoded as a whole: a character split across two chunks must not become two replacement characters
  let text = Buffer.concat(chunks).subarray(0, limit).toString('utf8');
  if (truncated) text = text.slice(0, text.lastIndexOf('\n') + 1);
  return {
    lines: text
      .split('\n')
      .filter(line => line.length > 0)
      .map(line => parseLogLine(line, options.pod, options.container)),
    truncated,
  };
}

/**
 * Follows a container's log: yields lines as they are written until `signal` aborts or the stream ends.
 * `onConnected` is called once the API server has answered and the stream is open (before any line).
 *
 * @public
 */
export async function* followLogs(
  client: KubernetesClient,
  options: LogOptions,
  onConnected?: () => void,
): AsyncGenerator<LogLine> {
  const stream = await client.stream({
    path: logPath(options),
    query: logQuery(options, true),
    signal: options.signal,
    longLived: true,
    context: `following logs of ${options.namespace}/${options.pod}/${options.container}`,
  });
  onConnected?.();
  stream.setEncoding('utf8');
  let pending = '';
  try {
    for await (const chunk of stream) {
      pending += chunk;
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line) yield parseLogLine(line, options.pod, options.container);
        newline = pending.indexOf('\n');
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError' || options.signal?.aborted) {
      return;
    }
    // the answer was open and then cut (a reset connection, an API server or proxy going away)
    throw new ServiceUnavailableError(
      `following logs of ${options.namespace}/${options.pod}/${
        options.container
      }: the stream from cluster "${client.cluster.name}" was cut (${
        (error as Error).message
      })`,
    );
  }
}

/**
 * Case-insensitive plain-text search. No regular expressions, so no pattern can make it slow.
 *
 * @public
 */
export function matchesSearch(
  text: string,
  search: string | undefined,
): boolean {
  if (!search) return true;
  return text
    .toLocaleLowerCase('en-US')
    .includes(search.toLocaleLowerCase('en-US'));
}
