import { PavedClient } from './PavedClient';
import { EntityLogLine } from './PavedApi';

const entity = { kind: 'component', namespace: 'default', name: 'shop' };

/** A response whose body arrives in the given chunks, as a network would split it. */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: { 'Content-Type': 'text/event-stream' },
  });
}

function client(respond: (url: string, init?: RequestInit) => Response) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) =>
    respond(url, init),
  );
  return {
    fetch,
    client: new PavedClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/paved' },
      fetchApi: { fetch: fetch as any },
    }),
  };
}

const source = {
  cluster: 'local',
  namespace: 'shop-staging',
  environment: 'staging',
  pod: 'web-1',
  container: 'web',
};

describe('PavedClient', () => {
  it('follows logs: names the containers once, then each line, across split chunks and heartbeats', async () => {
    const { client: paved, fetch } = client(() =>
      streamed([
        ': following\n\n',
        `event: sources\ndata: ${JSON.stringify({ sources: [source] })}\n\n`,
        'event: line\ndata: {"t":"2026-12-01T00:00:00Z","s":0,',
        '"text":"first"}\n\n: heartbeat\n\n',
        'event: line\ndata: {"t":"2026-12-01T00:00:01Z","s":0,"text":"second"}\n\n',
        'event: end\ndata: {}\n\n',
      ]),
    );
    const lines: EntityLogLine[] = [];
    await paved.followLogs(
      entity,
      { environment: 'staging', tail: 10 },
      l => lines.push(l),
      new AbortController().signal,
    );
    expect(lines).toEqual([
      { ...source, time: '2026-12-01T00:00:00Z', text: 'first' },
      { ...source, time: '2026-12-01T00:00:01Z', text: 'second' },
    ]);
    // a follow has no tail
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/paved/entities/default/component/shop/logs/follow?environment=staging',
    );
  });

  it('fails a follow with the message of its error event', async () => {
    const { client: paved } = client(() =>
      streamed([
        `event: sources\ndata: ${JSON.stringify({ sources: [source] })}\n\n`,
        'event: error\ndata: {"message":"The follow reached paved.limits.follows.maxSeconds"}\n\n',
      ]),
    );
    await expect(
      paved.followLogs(entity, {}, () => {}, new AbortController().signal),
    ).rejects.toThrow('The follow reached paved.limits.follows.maxSeconds');
  });

  it('unpacks logs and golden signals from their compact wire form', async () => {
    const { client: paved } = client(url =>
      url.includes('/logs')
        ? new Response(
            JSON.stringify({
              sources: [source],
              lines: [{ t: '2026-12-01T00:00:00Z', s: 0, text: 'hello' }],
              notice: 'only 30 containers read',
            }),
          )
        : new Response(
            JSON.stringify({
              step: 15,
              series: [
                {
                  cluster: 'local',
                  namespace: 'shop-staging',
                  environment: 'staging',
                  signal: 'p95',
                  start: 1000,
                  values: [0.5, null, 0.7],
                },
              ],
            }),
          ),
    );
    await expect(paved.getLogs(entity, { tail: 5 })).resolves.toEqual({
      lines: [{ ...source, time: '2026-12-01T00:00:00Z', text: 'hello' }],
      notice: 'only 30 containers read',
    });
    const signals = await paved.getGoldenSignals(entity, { range: '15m' });
    expect(signals.series[0].points).toEqual([
      [1000, 0.5],
      [1030, 0.7],
    ]);
    expect(signals.series[0]).not.toHaveProperty('values');
  });
});
