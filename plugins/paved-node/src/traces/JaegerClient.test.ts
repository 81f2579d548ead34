import http from 'node:http';
import { loopbackServer } from '../testUtils/loopbackServer';
import { JaegerClient } from './JaegerClient';

/** A loopback server answering every request with `handler`; the requests' URLs are kept. */
async function serve(handler: http.RequestListener) {
  const urls: string[] = [];
  const server = await loopbackServer((req, res) => {
    urls.push(req.url ?? '');
    handler(req, res);
  });
  return { ...server, urls };
}

const oneTrace = {
  data: [
    {
      traceID: 'abc',
      spans: [
        {
          spanID: 's1',
          operationName: 'GET /api/cart',
          references: [{ refType: 'CHILD_OF', traceID: 'abc', spanID: 'p0' }],
          startTime: 1_000,
          duration: 250,
          tags: [
            { key: 'span.kind', type: 'string', value: 'server' },
            { key: 'error', type: 'bool', value: true },
            { key: 'otel.status_description', type: 'string', value: 'boom' },
            { key: 'http.response.status_code', type: 'int64', value: 503 },
          ],
          processID: 'p1',
        },
      ],
      processes: {
        p1: {
          serviceName: 'checkout-api',
          tags: [
            {
              key: 'k8s.namespace.name',
              type: 'string',
              value: 'checkout-dev',
            },
          ],
        },
      },
    },
  ],
};

describe('JaegerClient', () => {
  it('searches with the service, window, limit, filters and attributes, and reads the spans', async () => {
    const server = await serve((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(oneTrace));
    });
    try {
      const traces = await new JaegerClient(server.url).findTraces({
        service: 'checkout-api',
        startMicros: 1_000_000,
        endMicros: 2_000_000,
        limit: 20,
        minDurationMs: 100,
        operation: 'GET /api/cart',
        attributes: { 'k8s.namespace.name': 'checkout-dev' },
      });
      const url = new URL(server.urls[0], server.url);
      expect(url.pathname).toBe('/api/traces');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        service: 'checkout-api',
        start: '1000000',
        end: '2000000',
        limit: '20',
        minDuration: '100ms',
        operation: 'GET /api/cart',
        tags: '{"k8s.namespace.name":"checkout-dev"}',
      });
      expect(traces).toEqual([
        {
          traceId: 'abc',
          spans: [
            {
              spanId: 's1',
              parentSpanId: 'p0',
              service: 'checkout-api',
              operation: 'GET /api/cart',
              startMicros: 1_000,
              durationMicros: 250,
              kind: 'server',
              error: true,
              statusMessage: 'boom',
              attributes: { 'http.response.status_code': '503' },
              resource: { 'k8s.namespace.name': 'checkout-dev' },
            },
          ],
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('answers NotFoundError for a trace the store does not have', async () => {
    const server = await serve((_req, res) => {
      res.statusCode = 404;
      res.end('{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}');
    });
    try {
      await expect(
        new JaegerClient(server.url).getTrace('abc'),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    } finally {
      await server.close();
    }
  });

  it('refuses an answer beyond the byte limit, naming the setting', async () => {
    const server = await serve((_req, res) => {
      res.end(JSON.stringify({ data: [], pad: 'x'.repeat(10_000) }));
    });
    try {
      await expect(
        new JaegerClient(server.url, { maxBytes: 1_000 }).findTraces({
          service: 's',
          startMicros: 0,
          endMicros: 1,
          limit: 1,
        }),
      ).rejects.toThrow(/paved\.limits\.traces\.readBytes/);
    } finally {
      await server.close();
    }
  });

  it('times out a store that does not answer, naming the setting (504)', async () => {
    const server = await serve(() => {
      // never answers
    });
    try {
      await expect(
        new JaegerClient(server.url, { timeoutMs: 200 }).getTrace('abc'),
      ).rejects.toMatchObject({
        statusCode: 504,
        message: expect.stringContaining('paved.limits.timeouts.jaegerMs'),
      });
    } finally {
      await server.close();
    }
  });

  it('says so when the store is unreachable or answers something else', async () => {
    await expect(
      new JaegerClient('http://127.0.0.1:9').getTrace('abc'),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('unreachable'),
    });
    const server = await serve((_req, res) => res.end('<html>login</html>'));
    try {
      await expect(
        new JaegerClient(server.url).getTrace('abc'),
      ).rejects.toThrow(/something other than JSON/);
    } finally {
      await server.close();
    }
  });
});
