import { Readable } from 'node:stream';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { followLogs, readLogs } from './logs';

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
