import { loopbackServer } from '../testUtils/loopbackServer';
import { KubernetesClient } from './KubernetesClient';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';

/** A client of a plain-HTTP API server double, its short-call timeout 1 s and no retries. */
function clientFor(url: string) {
  return KubernetesClient.create(
    { name: 'fake', url, skipTLSVerify: true, impersonate: false },
    undefined,
    {
      ...DEFAULT_PAVED_LIMITS,
      timeouts: {
        ...DEFAULT_PAVED_LIMITS.timeouts,
        kubernetesMs: 1_000,
        kubernetesRetryMs: 0,
      },
    },
  );
}

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
    const client = await clientFor(server.url);
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
    const client = await clientFor(server.url);
    const started = Date.now();
    await expect(
      client.request({ path: '/api/v1/configmaps' }),
    ).rejects.toThrow(
      'Kubernetes API server of cluster "fake" did not answer GET /api/v1/configmaps within 1000 ms (paved.limits.timeouts.kubernetesMs)',
    );
    expect(Date.now() - started).toBeLessThan(3_000);
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
    const client = await clientFor(server.url);
    const started = Date.now();
    await expect(
      client.request({ path: '/api/v1/configmaps' }),
    ).rejects.toThrow(/aborted|closed before the whole answer/);
    expect(Date.now() - started).toBeLessThan(900);
  });
});
