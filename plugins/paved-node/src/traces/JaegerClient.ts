import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { z } from 'zod/v3';
import { UpstreamTimeoutError } from '../limits/errors';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { StoredTrace, fromJaegerTrace, jaegerTraceSchema } from './storedTrace';

/**
 * A search of a trace store: traces with a span of `service` in the window (microseconds since the epoch),
 * optionally only those whose span of the service lasted at least `minDurationMs`, is the operation
 * `operation`, and carries every one of `attributes` (on the span or its resource). Failed spans are not
 * searched for here: Jaeger v2's memory store answers the `error` tag with the spans that did not fail, so
 * callers filter failures themselves.
 *
 * @public
 */
export interface TraceSearch {
  service: string;
  startMicros: number;
  endMicros: number;
  limit: number;
  minDurationMs?: number;
  operation?: string;
  attributes?: Record<string, string>;
}

const searchAnswer = z.object({
  data: z.array(jaegerTraceSchema).nullable(),
});

/**
 * A client of Jaeger's query API (`/api/traces`), as Jaeger's query service and compatible trace stores serve
 * it. Every call must be answered within `timeoutMs` and carry at most `maxBytes`.
 *
 * @public
 */
export class JaegerClient {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    options: { timeoutMs?: number; maxBytes?: number } = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.timeoutMs =
      options.timeoutMs ?? DEFAULT_PAVED_LIMITS.timeouts.jaegerMs;
    this.maxBytes = options.maxBytes ?? DEFAULT_PAVED_LIMITS.traces.readBytes;
  }

  /** The traces matching `search`, as the store orders them (the newest first for Jaeger). */
  async findTraces(search: TraceSearch): Promise<StoredTrace[]> {
    const params = new URLSearchParams({
      service: search.service,
      start: String(Math.floor(search.startMicros)),
      end: String(Math.ceil(search.endMicros)),
      limit: String(search.limit),
    });
    if (search.attributes && Object.keys(search.attributes).length > 0) {
      params.set('tags', JSON.stringify(search.attributes));
    }
    if (search.minDurationMs) {
      params.set('minDuration', `${search.minDurationMs}ms`);
    }
    if (search.operation) params.set('operation', search.operation);
    const body = await this.get(`/api/traces?${params}`, 'a trace search');
    const parsed = searchAnswer.safeParse(body);
    if (!parsed.success) {
      throw new ServiceUnavailableError(
        `The trace store at ${this.baseUrl} answered a search with something other than Jaeger's query API format`,
      );
    }
    return (parsed.data.data ?? []).map(fromJaegerTrace);
  }

  /** One trace by id; a {@link @backstage/errors#NotFoundError} when the store does not have it. */
  async getTrace(traceId: string): Promise<StoredTrace> {
    const body = await this.get(
      `/api/traces/${encodeURIComponent(traceId)}`,
      'a trace',
      true,
    );
    const parsed = searchAnswer.safeParse(body);
    const trace = parsed.success ? parsed.data.data?.[0] : undefined;
    if (!trace) {
      throw new NotFoundError(`trace ${traceId} is not in the trace store`);
    }
    return fromJaegerTrace(trace);
  }

  private async get(
    path: string,
    what: string,
    notFoundIsEmpty = false,
  ): Promise<unknown> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const timedOut = () =>
      new UpstreamTimeoutError(
        `The trace store at ${this.baseUrl} did not answer ${what} within ${this.timeoutMs} ms (paved.limits.timeouts.jaegerMs)`,
      );
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        signal,
        headers: { accept: 'application/json' },
      });
    } catch (error) {
      if (signal.aborted) throw timedOut();
      throw new ServiceUnavailableError(
        `The trace store at ${this.baseUrl} is unreachable (${
          (error as Error).message
        })`,
      );
    }
    if (response.status === 404 && notFoundIsEmpty) {
      await response.body?.cancel();
      return { data: [] };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new ServiceUnavailableError(
        `The trace store at ${this.baseUrl} refused ${what}: HTTP ${response.status}`,
      );
    }
    let text: string;
    try {
      text = await readLimited(response, this.maxBytes);
    } catch (error) {
      if (signal.aborted) throw timedOut();
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ServiceUnavailableError(
        `The trace store at ${this.baseUrl} answered ${what} with something other than JSON`,
      );
    }
  }
}

/** The response body as text, refused once it passes `maxBytes`. */
async function readLimited(
  response: Response,
  maxBytes: number,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ServiceUnavailableError(
        `The trace store's answer is larger than ${maxBytes} bytes (paved.limits.traces.readBytes); narrow the search`,
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
