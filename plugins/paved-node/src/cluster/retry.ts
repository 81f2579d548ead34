/**
 * How the Kubernetes client retries a call that failed for a passing reason (throttling, an API server
 * restarting, a refused connection): with jittered exponential backoff, honouring `Retry-After`, until the
 * retry budget from the first attempt is spent.
 *
 * @public
 */
export interface KubernetesRetryPolicy {
  /** Milliseconds from the first attempt after which no new attempt starts. 0 turns retries off. */
  budgetMs: number;
  /** Upper bound of the first backoff delay, in milliseconds; each further retry doubles it. */
  baseDelayMs: number;
  /** Longest backoff delay, in milliseconds. A longer `Retry-After` than the budget leaves is not waited for. */
  maxDelayMs: number;
}

/**
 * The backoff of {@link KubernetesRetryPolicy} without its budget, which comes from
 * `paved.limits.timeouts.kubernetesRetryMs`.
 *
 * @public
 */
export const DEFAULT_RETRY_BACKOFF: Omit<KubernetesRetryPolicy, 'budgetMs'> = {
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/**
 * Why one attempt failed, as far as retrying is concerned:
 * - `status`: the API server answered with an HTTP error status;
 * - `connect`: no connection could be made, so the request never reached the server;
 * - `network`: the connection broke after the request may have been sent;
 * - `timeout`: no answer within `paved.limits.timeouts.kubernetesMs` (the request may have been sent).
 *
 * @public
 */
export type AttemptFailure =
  | { kind: 'status'; code: number; retryAfterMs?: number }
  | { kind: 'connect' }
  | { kind: 'network' }
  | { kind: 'timeout' };

/** Socket errors that happen before a connection exists, so the request was certainly not sent. */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * The failure kind of a socket error: `connect` when the error code says no connection was made.
 *
 * @public
 */
export function socketFailure(error: unknown): AttemptFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && CONNECT_ERRORS.has(code)
    ? { kind: 'connect' }
    : { kind: 'network' };
}

/**
 * Whether repeating a request cannot change more than sending it once: reads, deletes, replaces,
 * server-side apply patches (the same apply twice converges), and server-side dry runs.
 *
 * @public
 */
export function isIdempotentRequest(request: {
  method?: string;
  contentType?: string;
  query?: Record<string, unknown>;
  idempotent?: boolean;
}): boolean {
  if (request.idempotent !== undefined) return request.idempotent;
  const method = request.method ?? 'GET';
  if (request.query?.dryRun === 'All') return true;
  if (['GET', 'HEAD', 'PUT', 'DELETE'].includes(method)) return true;
  return (
    method === 'PATCH' && request.contentType === 'application/apply-patch+yaml'
  );
}

/**
 * Whether a failed attempt is worth another: 429 always (the API server turned the request away before
 * handling it), a refused connection always (nothing was sent), and 500/502/503/504 or a broken connection
 * only for idempotent requests, since a non-idempotent one may already have taken effect. A call that timed
 * out is not repeated: the timeout is already as long as a caller waits for one call.
 *
 * @public
 */
export function isRetryable(
  failure: AttemptFailure,
  idempotent: boolean,
): boolean {
  switch (failure.kind) {
    case 'connect':
      return true;
    case 'network':
      return idempotent;
    case 'timeout':
      return false;
    case 'status':
      if (failure.code === 429) return true;
      return idempotent && [500, 502, 503, 504].includes(failure.code);
    default:
      return false;
  }
}

/**
 * Milliseconds a `Retry-After` header asks to wait (delta seconds or an HTTP date), or undefined when absent
 * or unreadable.
 *
 * @public
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (0 for the first retry): "full jitter" — a random share of
 * `baseDelayMs * 2^retry`, capped at `maxDelayMs` — but never shorter than `Retry-After` asked.
 *
 * @public
 */
export function backoffDelay(
  retry: number,
  policy: Omit<KubernetesRetryPolicy, 'budgetMs'>,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * 2 ** Math.min(retry, 20),
  );
  const jittered = Math.round(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Resolves after `ms`, or rejects with the signal's reason once it aborts.
 *
 * @public
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const pending: { timer?: ReturnType<typeof setTimeout> } = {};
    const onAbort = () => {
      clearTimeout(pending.timer);
      reject(signal!.reason);
    };
    pending.timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
