import http from 'node:http';
import { loopbackServer } from '../testUtils/loopbackServer';
import { KubernetesClient, KubernetesRequest } from './KubernetesClient';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import {
  backoffDelay,
  isIdempotentRequest,
  isRetryable,
  parseRetryAfter,
} from './retry';

/** One scripted answer of the fake API server: a status, optional headers, and a body. */
type Answer = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/** A local plain-HTTP API server double answering each request with the next scripted answer. */
async function fakeApiServer(answers: Answer[]) {
  const seen: Array<{ method: string; url: string; at: number }> = [];
  const server = await loopbackServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', at: Date.now() });
    req.resume();
    req.on('end', () => {
      const answer = answers.shift() ?? { status: 200, body: {} };
      res.writeHead(answer.status, {
        'Content-Type': 'application/json',
        ...answer.headers,
      });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  return { ...server, seen };
}

function clientFor(url: string, retryMs = 5_000) {
  return KubernetesClient.create(
    { name: 'fake', url, skipTLSVerify: true, impersonate: false },
    undefined,
    {
      ...DEFAULT_PAVED_LIMITS,
      timeouts: {
        ...DEFAULT_PAVED_LIMITS.timeouts,
        kubernetesMs: 2_000,
        kubernetesRetryMs: retryMs,
      },
    },
  );
}

const status = (code: number, reason: string) => ({
  kind: 'Status',
  status: 'Failure',
  code,
  reason,
  message: `${reason} (${code})`,
});

const apply: KubernetesRequest = {
  method: 'PATCH',
  path: '/api/v1/namespaces/dev/configmaps/app',
  contentType: 'application/apply-patch+yaml',
  body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' } },
};

describe('retries of the Kubernetes client against a fake API server', () => {
  let server: Awaited<ReturnType<typeof fakeApiServer>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('retries a GET answered 429 with Retry-After, waiting at least that long, then returns the answer', async () => {
    server = await fakeApiServer([
      {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: status(429, 'TooManyRequests'),
      },
      { status: 200, body: { kind: 'Namespace', metadata: { name: 'dev' } } },
    ]);
    const client = await clientFor(server.url);
    await expect(
      client.request({ path: '/api/v1/namespaces/dev' }),
    ).resolves.toMatchObject({ metadata: { name: 'dev' } });
    expect(server.seen).toHaveLength(2);
    expect(server.seen[1].at - server.seen[0].at).toBeGreaterThanOrEqual(950);
  });

  it('retries a server-side apply answered 503 and 500 until it lands', async () => {
    server = await fakeApiServer([
      { status: 503, body: status(503, 'ServiceUnavailable') },
      { status: 500, body: status(500, 'InternalError') },
      { status: 201, body: apply.body },
    ]);
    const client = await clientFor(server.url);
    let code = 0;
    await client.request({ ...apply, onStatus: c => (code = c) });
    expect(server.seen.map(s => s.method)).toEqual(['PATCH', 'PATCH', 'PATCH']);
    expect(code).toBe(201);
  });

  it('does not retry a POST answered 503: it may have taken effect', async () => {
    server = await fakeApiServer([
      { status: 503, body: status(503, 'ServiceUnavailable') },
      { status: 201, body: {} },
    ]);
    const client = await clientFor(server.url);
    await expect(
      client.request({
        method: 'POST',
        path: '/api/v1/namespaces/dev/configmaps',
        body: {},
        context: 'creating ConfigMap dev/app',
      }),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: 'creating ConfigMap dev/app: ServiceUnavailable (503)',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('retries a POST answered 429: the API server turned it away unhandled', async () => {
    server = await fakeApiServer([
      { status: 429, body: status(429, 'TooManyRequests') },
      { status: 201, body: { created: true } },
    ]);
    const client = await clientFor(server.url);
    await expect(
      client.request({ method: 'POST', path: '/api/v1/namespaces', body: {} }),
    ).resolves.toEqual({ created: true });
    expect(server.seen).toHaveLength(2);
  });

  it('never retries a refusal such as 403 or 409', async () => {
    server = await fakeApiServer([
      { status: 409, body: status(409, 'Conflict') },
      { status: 200, body: {} },
    ]);
    const client = await clientFor(server.url);
    await expect(client.request(apply)).rejects.toMatchObject({
      name: 'ConflictError',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('gives up when the retry budget is spent, saying how many attempts were made', async () => {
    server = await fakeApiServer(
      Array.from({ length: 100 }, () => ({
        status: 503,
        body: status(503, 'ServiceUnavailable'),
      })),
    );
    const client = await clientFor(server.url, 1_000);
    const started = Date.now();
    const error = (await client
      .request({ path: '/api/v1/namespaces', context: 'listing namespaces' })
      .catch(e => e)) as Error;
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toMatch(
      /^listing namespaces: ServiceUnavailable \(503\) \(gave up after \d+ attempts in \d+ ms; paved\.limits\.timeouts\.kubernetesRetryMs is 1000\)$/,
    );
    expect(server.seen.length).toBeGreaterThan(1);
  });

  it('does not repeat a call that timed out: the timeout bounds one call', async () => {
    const seen: number[] = [];
    const silent = await loopbackServer(() => {
      seen.push(Date.now());
    });
    try {
      const client = await clientFor(silent.url, 10_000);
      const started = Date.now();
      await expect(
        client.request({ path: '/api/v1/namespaces' }),
      ).rejects.toThrow(
        'Kubernetes API server of cluster "fake" did not answer GET /api/v1/namespaces within 2000 ms (paved.limits.timeouts.kubernetesMs)',
      );
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(seen).toHaveLength(1);
    } finally {
      await silent.close();
    }
  });

  it('retries a refused connection until the API server is back', async () => {
    // find a free port, keep it closed for a moment, then serve on it
    const probe = await fakeApiServer([]);
    const url = probe.url;
    await probe.close();
    const client = await clientFor(url, 10_000);
    // a step's read: by default a read of an unreachable cluster fails at once
    await expect(client.request({ path: '/version' })).rejects.toThrow(
      'is unreachable',
    );
    const answer = client.request({ path: '/version', retry: true });
    await new Promise(resolve => setTimeout(resolve, 700));
    const port = Number(new URL(url).port);
    const late = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"major":"1"}');
    });
    await new Promise<void>(resolve => late.listen(port, '127.0.0.1', resolve));
    try {
      await expect(answer).resolves.toEqual({ major: '1' });
    } finally {
      late.closeAllConnections();
      await new Promise(resolve => late.close(resolve));
    }
  });

  it('stops retrying as soon as the request is aborted', async () => {
    server = await fakeApiServer(
      Array.from({ length: 100 }, () => ({
        status: 429,
        headers: { 'Retry-After': '5' },
        body: status(429, 'TooManyRequests'),
      })),
    );
    const client = await clientFor(server.url, 30_000);
    const controller = new AbortController();
    const started = Date.now();
    const answer = client.request({
      path: '/api/v1/namespaces',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('step cancelled')), 300);
    await expect(answer).rejects.toThrow('step cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(1);
  });
});

describe('retry rules', () => {
  it('knows which requests are idempotent', () => {
    expect(isIdempotentRequest({})).toBe(true);
    expect(isIdempotentRequest({ method: 'DELETE' })).toBe(true);
    expect(isIdempotentRequest(apply)).toBe(true);
    expect(
      isIdempotentRequest({
        method: 'PATCH',
        contentType: 'application/json-patch+json',
      }),
    ).toBe(false);
    expect(isIdempotentRequest({ method: 'POST' })).toBe(false);
    expect(
      isIdempotentRequest({ method: 'POST', query: { dryRun: 'All' } }),
    ).toBe(true);
    expect(isIdempotentRequest({ method: 'POST', idempotent: true })).toBe(
      true,
    );
  });

  it('retries what is passing and safe only', () => {
    expect(isRetryable({ kind: 'connect' }, false)).toBe(true);
    expect(isRetryable({ kind: 'network' }, false)).toBe(false);
    expect(isRetryable({ kind: 'network' }, true)).toBe(true);
    expect(isRetryable({ kind: 'timeout' }, true)).toBe(false);
    expect(isRetryable({ kind: 'status', code: 429 }, false)).toBe(true);
    expect(isRetryable({ kind: 'status', code: 503 }, false)).toBe(false);
    expect(isRetryable({ kind: 'status', code: 504 }, true)).toBe(true);
    expect(isRetryable({ kind: 'status', code: 501 }, true)).toBe(false);
    expect(isRetryable({ kind: 'status', code: 404 }, true)).toBe(false);
  });

  it('reads Retry-After as seconds or as a date', () => {
    const now = Date.parse('2026-12-02T17:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 17:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('jitters below a doubling, capped ceiling and never waits less than Retry-After', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, policy, undefined, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, undefined, () => 1)).toBe(800);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, undefined, () => 0.5)).toBe(500);
    expect(backoffDelay(0, policy, 2000, () => 0.5)).toBe(2000);
  });
});

describe('reading the API server answer', () => {
  const servers: Array<{ close: () => Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map(s => s.close()));
  });

  it('joins an answer sent in many pieces', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ name: `cm-${i}` }));
    const text = JSON.stringify({ items });
    const server = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      for (let at = 0; at < text.length; at += 97) {
        res.write(text.slice(at, at + 97));
      }
      res.end();
    });
    servers.push(server);
    const client = await clientFor(server.url, 0);
    await expect(
      client.request({ path: '/api/v1/configmaps' }),
    ).resolves.toEqual({ items });
  });

  it('fails with the timeout when the answer stops half-way, instead of waiting for ever', async () => {
    const server = await loopbackServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"items": [');
    });
    servers.push(server);
    const client = await clientFor(server.url, 0);
    const started = Date.now();
    await expect(
      client.request({ path: '/api/v1/configmaps' }),
    ).rejects.toThrow(
      'Kubernetes API server of cluster "fake" did not answer GET /api/v1/configmaps within 2000 ms (paved.limits.timeouts.kubernetesMs)',
    );
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('fails, never resolves with half an answer, when the connection closes half-way', async () => {
    const server = await loopbackServer((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': '1000',
      });
      res.write('{"items": [');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    servers.push(server);
    const client = await clientFor(server.url, 0);
    const started = Date.now();
    await expect(
      client.request({ path: '/api/v1/configmaps' }),
    ).rejects.toThrow(/aborted|closed before the whole answer/);
    expect(Date.now() - started).toBeLessThan(1_900);
  });
});
