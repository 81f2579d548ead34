import { Readable } from 'node:stream';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { followLogs, readLogs, readLogsBounded } from './logs';

/** A client whose log stream delivers `chunks` as they are, like the API server's chunked answer. */
function streaming(chunks: Buffer[]): KubernetesClient {
  return {
    stream: async () => Readable.from(chunks, { objectMode: false }),
  } as unknown as KubernetesClient;
}

/** A log in the API server's `timestamps=true` form, cut in the middle of every multi-byte character. */
function cutChunks(lines: string[]): Buffer[] {
  const bytes = Buffer.from(lines.map(l => `${l}\n`).join(''), 'utf8');
  const chunks: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < bytes.length; i++) {
    // a UTF-8 lead byte of a 2-4 byte sequence: cut right after it
    if (bytes[i] >= 0xc0) {
      chunks.push(bytes.subarray(from, i + 1));
      from = i + 1;
    }
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

const raw = [
  '2026-11-21T10:00:00.000000001Z Grüße aus Köln',
  '2026-11-21T10:00:01.000000001Z 注文 #42 を受け付けました ✅',
];

describe('log lines across chunk boundaries', () => {
  it('reads characters split between two chunks whole', async () => {
    const chunks = cutChunks(raw);
    expect(chunks.length).toBeGreaterThan(5);
    const lines = await readLogs(streaming(chunks), {
      namespace: 'shop',
      pod: 'shop-1',
      container: 'app',
    });
    expect(lines).toEqual([
      {
        time: '2026-11-21T10:00:00.000000001Z',
        pod: 'shop-1',
        container: 'app',
        text: 'Grüße aus Köln',
      },
      {
        time: '2026-11-21T10:00:01.000000001Z',
        pod: 'shop-1',
        container: 'app',
        text: '注文 #42 を受け付けました ✅',
      },
    ]);
  });

  it('follows characters split between two chunks whole', async () => {
    const texts: string[] = [];
    for await (const line of followLogs(streaming(cutChunks(raw)), {
      namespace: 'shop',
      pod: 'shop-1',
      container: 'app',
    })) {
      texts.push(line.text);
    }
    expect(texts).toEqual(['Grüße aus Köln', '注文 #42 を受け付けました ✅']);
  });
});

describe('a followed stream that is cut', () => {
  it('fails naming the container and the cluster, after the lines it carried', async () => {
    const cut = new Readable({ read() {} });
    const client = {
      cluster: { name: 'local' },
      stream: async () => cut,
    } as unknown as KubernetesClient;
    const connected = jest.fn();
    const follow = followLogs(
      client,
      { namespace: 'shop', pod: 'shop-1', container: 'app' },
      connected,
    );
    const first = follow.next();
    cut.push(`${raw[0]}\n`);
    expect((await first).value.text).toBe('Grüße aus Köln');
    expect(connected).toHaveBeenCalledTimes(1);
    cut.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    await expect(follow.next()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'following logs of shop/shop-1/app: the stream from cluster "local" was cut (aborted)',
    });
  });

  it('ends quietly when the follow is closed', async () => {
    const controller = new AbortController();
    const stream = new Readable({ read() {} });
    const follow = followLogs(
      {
        cluster: { name: 'local' },
        stream: async () => stream,
      } as unknown as KubernetesClient,
      {
        namespace: 'shop',
        pod: 'shop-1',
        container: 'app',
        signal: controller.signal,
      },
    );
    const next = follow.next();
    controller.abort();
    stream.destroy(new Error('aborted'));
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });
});

describe('bounded log reads', () => {
  const line = (i: number) =>
    `2026-11-21T10:00:0${i}.000000001Z line number ${i}`;

  it('asks the API server for at most limitBytes, stops reading there and keeps whole lines', async () => {
    const log = Buffer.from(
      [0, 1, 2, 3, 4, 5].map(i => `${line(i)}\n`).join(''),
    );
    const asked: any[] = [];
    const client = {
      stream: async (request: any) => {
        asked.push(request.query);
        // an API server that ignores limitBytes, sending all in small chunks
        const chunks: Buffer[] = [];
        for (let i = 0; i < log.length; i += 7)
          chunks.push(log.subarray(i, i + 7));
        return Readable.from(chunks, { objectMode: false });
      },
    } as unknown as KubernetesClient;
    const limitBytes = Buffer.byteLength(`${line(0)}\n${line(1)}\n`) + 10;
    const read = await readLogsBounded(client, {
      namespace: 'shop',
      pod: 'shop-1',
      container: 'app',
      tailLines: 6,
      limitBytes,
    });
    expect(asked[0].limitBytes).toBe(limitBytes);
    expect(read.truncated).toBe(true);
    expect(read.lines.map(l => l.text)).toEqual([
      'line number 0',
      'line number 1',
    ]);

    const whole = await readLogsBounded(client, {
      namespace: 'shop',
      pod: 'shop-1',
      container: 'app',
      limitBytes: log.length + 1,
    });
    expect(whole.truncated).toBe(false);
    expect(whole.lines).toHaveLength(6);
  });

  it('asks for the lines from sinceTime when given', async () => {
    const asked: any[] = [];
    const client = {
      stream: async (request: any) => {
        asked.push(request.query);
        return Readable.from([Buffer.from(`${line(1)}\n`)], {
          objectMode: false,
        });
      },
    } as unknown as KubernetesClient;
    const read = await readLogsBounded(client, {
      namespace: 'shop',
      pod: 'shop-1',
      container: 'app',
      sinceTime: '2026-11-21T10:00:01Z',
    });
    expect(asked[0]).toMatchObject({
      sinceTime: '2026-11-21T10:00:01Z',
      timestamps: true,
    });
    expect(asked[0].tailLines).toBeUndefined();
    expect(asked[0].sinceSeconds).toBeUndefined();
    expect(read.lines.map(l => l.text)).toEqual(['line number 1']);
  });
});
