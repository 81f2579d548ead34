import { CustomErrorBase, ServiceUnavailableError } from '@backstage/errors';
import { UpstreamTimeoutError } from '../limits/errors';
import { KubernetesClient } from './KubernetesClient';
import {
  KubernetesStatus,
  getKubernetesStatus,
  toBackstageError,
} from './errors';

/**
 * One event of a Kubernetes watch. `BOOKMARK` carries only the resource version the watch reached.
 *
 * @public
 */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/**
 * The resource version a watch resumed from is too old (HTTP 410 Gone, as an `ERROR` event or an answer):
 * the caller lists again and watches from the list's version.
 *
 * @public
 */
export class WatchExpiredError extends CustomErrorBase {
  name = 'WatchExpiredError' as const;
}

/**
 * A watch of one collection: where, from which version, and the bounds of the stream.
 *
 * @public
 */
export interface WatchRequest {
  /** The collection's path, e.g. `/api/v1/namespaces/dev/pods`. */
  path: string;
  /** Resumes after this version (from a list or the last event); unset starts at the most recent state. */
  resourceVersion?: string;
  labelSelector?: string;
  /** The API server ends the watch after this many seconds (`timeoutSeconds`); the caller resumes. */
  timeoutSeconds: number;
  /** Bytes of one event (one line) the reader accepts before it ends the stream. */
  maxEventBytes: number;
  /**
   * Milliseconds without a byte (bookmarks included) after which the stream is taken for dead and ended
   * with an `UpstreamTimeoutError` (503); `timeoutSeconds` plus 30 s unless given.
   */
  idleMs?: number;
  /** Ends the watch; the iteration then returns without an error. */
  signal?: AbortSignal;
  /** Words that say what is being watched, prefixed to error messages. */
  context?: string;
}

/**
 * Watches a collection (`?watch=1&allowWatchBookmarks=true`) and yields its events as they arrive. The
 * connection is made through the client's stream pool (timed until connected); after that the stream is
 * bounded by the API server's `timeoutSeconds`, an idle timeout and a size limit per event. The iteration
 * ends when the server ends the watch or `signal` aborts; it throws a {@link WatchExpiredError} when the
 * version is too old, and a typed error for every other failure.
 *
 * @public
 */
export async function* watchObjects<T = unknown>(
  client: KubernetesClient,
  request: WatchRequest,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const context =
    request.context ??
    `watching ${request.path} on cluster "${client.cluster.name}"`;
  let response;
  try {
    response = await client.stream({
      path: request.path,
      query: {
        watch: 1,
        allowWatchBookmarks: true,
        resourceVersion: request.resourceVersion,
        labelSelector: request.labelSelector,
        timeoutSeconds: request.timeoutSeconds,
      },
      longLived: true,
      signal: request.signal,
      context,
    });
  } catch (error) {
    if (request.signal?.aborted) return;
    if (getKubernetesStatus(error)?.code === 410) {
      throw new WatchExpiredError(`${context}: ${(error as Error).message}`);
    }
    throw error;
  }
  const idleMs = request.idleMs ?? request.timeoutSeconds * 1000 + 30_000;
  let idle: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      response.destroy(
        new UpstreamTimeoutError(
          `${context}: the Kubernetes API server of cluster "${client.cluster.name}" sent nothing for ${idleMs} ms; the watch is started again`,
        ),
      );
    }, idleMs);
  };
  arm();
  let pending = '';
  try {
    for await (const chunk of response) {
      arm();
      pending += (chunk as Buffer).toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) yield parseEvent<T>(line, context);
        newline = pending.indexOf('\n');
      }
      if (Buffer.byteLength(pending) > request.maxEventBytes) {
        throw new ServiceUnavailableError(
          `${context}: one event was larger than ${request.maxEventBytes} bytes (paved.live.watch.maxEventBytes); the watch is started again`,
        );
      }
    }
    if (pending.trim()) yield parseEvent<T>(pending.trim(), context);
  } catch (error) {
    if (request.signal?.aborted) return;
    throw error;
  } finally {
    clearTimeout(idle);
    response.destroy();
  }
}

function parseEvent<T>(line: string, context: string): WatchEvent<T> {
  let event: { type?: string; object?: unknown };
  try {
    event = JSON.parse(line);
  } catch {
    throw new ServiceUnavailableError(
      `${context}: the API server sent a watch event that is not JSON`,
    );
  }
  if (event.type === 'ERROR') {
    const status = (event.object ?? {}) as KubernetesStatus;
    if (status.code === 410 || status.reason === 'Expired') {
      throw new WatchExpiredError(
        `${context}: ${status.message ?? 'resource version too old'}`,
      );
    }
    throw toBackstageError(status.code ?? 500, status, context);
  }
  return event as WatchEvent<T>;
}
