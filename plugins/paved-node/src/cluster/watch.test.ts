import { PassThrough, Readable } from 'node:stream';
import { KubernetesClient, KubernetesRequest } from './KubernetesClient';
import { WatchEvent, watchObjects } from './watch';
import { attachKubernetesStatus } from './errors';
import { ServiceUnavailableError } from '@backstage/errors';

function fakeClient(answer: (request: KubernetesRequest) => Promise<unknown>) {
  const requests: KubernetesRequest[] = [];
  const client = {
    cluster: { name: 'test' },
    stream: async (request: KubernetesRequest) => {
      requests.push(request);
      return answer(request);
    },
  } as unknown as KubernetesClient;
  return { client, requests };
}

const line = (event: object) => `${JSON.stringify(event)}\n`;
const pod = (name: string, rv: string) => ({
  metadata: { name, resourceVersion: rv },
});

async function collect(iterable: AsyncIterable<WatchEvent<any>>) {
  const events: WatchEvent<any>[] = [];
  for await (const event of iterable) events.push(event);
  return events;
}

const bounds = { timeoutSeconds: 60, maxEventBytes: 10_000 };

describe('watchObjects', () => {
  it('asks for a bounded watch with bookmarks from the given version, and yields events split across chunks', async () => {
    const text =
      line({ type: 'ADDED', object: pod('a', '11') }) +
      line({
        type: 'BOOKMARK',
        object: { metadata: { resourceVersion: '12' } },
      }) +
      line({ type: 'MODIFIED', object: pod('a', '13') });
    // cut the text in the middle of events
    const chunks = [text.slice(0, 10), text.slice(10, 70), text.slice(70)].map(
      c => Buffer.from(c),
    );
    const { client, requests } = fakeClient(async () => Readable.from(chunks));
    const events = await collect(
      watchObjects(client, {
        path: '/api/v1/namespaces/dev/pods',
        resourceVersion: '10',
        ...bounds,
      }),
    );
    expect(
      events.map(e => [e.type, e.object.metadata.resourceVersion]),
    ).toEqual([
      ['ADDED', '11'],
      ['BOOKMARK', '12'],
      ['MODIFIED', '13'],
    ]);
    expect(requests[0]).toMatchObject({
      path: '/api/v1/namespaces/dev/pods',
      longLived: true,
      query: {
        watch: 1,
        allowWatchBookmarks: true,
        resourceVersion: '10',
        timeoutSeconds: 60,
      },
    });
  });

  it('throws WatchExpiredError for a 410 ERROR event, and a typed error for others', async () => {
    const expired = fakeClient(async () =>
      Readable.from([
        Buffer.from(
          line({
            type: 'ERROR',
            object: {
              kind: 'Status',
              code: 410,
              reason: 'Expired',
              message: 'too old resource version: 1 (5)',
            },
          }),
        ),
      ]),
    );
    await expect(
      collect(watchObjects(expired.client, { path: '/p', ...bounds })),
    ).rejects.toMatchObject({
      name: 'WatchExpiredError',
      message: expect.stringContaining('too old resource version'),
    });

    const forbidden = fakeClient(async () =>
      Readable.from([
        Buffer.from(
          line({ type: 'ERROR', object: { code: 403, message: 'no' } }),
        ),
      ]),
    );
    await expect(
      collect(watchObjects(forbidden.client, { path: '/p', ...bounds })),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('throws WatchExpiredError when the API server answers the watch request itself with 410', async () => {
    const { client } = fakeClient(async () => {
      throw attachKubernetesStatus(new ServiceUnavailableError('gone'), {
        code: 410,
      });
    });
    await expect(
      collect(watchObjects(client, { path: '/p', ...bounds })),
    ).rejects.toMatchObject({ name: 'WatchExpiredError' });
  });

  it('ends the stream when one event is larger than the limit', async () => {
    const stream = new PassThrough();
    const { client } = fakeClient(async () => stream);
    const done = collect(
      watchObjects(client, {
        path: '/p',
        timeoutSeconds: 60,
        maxEventBytes: 100,
      }),
    );
    stream.write('x'.repeat(150));
    await expect(done).rejects.toThrow(
      /larger than 100 bytes \(paved.live.watch.maxEventBytes\)/,
    );
    expect(stream.destroyed).toBe(true);
  });

  it('ends a stream that sends nothing for the idle time with a timeout error', async () => {
    const stream = new PassThrough();
    const { client } = fakeClient(async () => stream);
    await expect(
      collect(watchObjects(client, { path: '/p', ...bounds, idleMs: 50 })),
    ).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringContaining('sent nothing for 50 ms'),
    });
  });

  it('returns quietly when aborted', async () => {
    const stream = new PassThrough();
    const controller = new AbortController();
    const { client } = fakeClient(async request => {
      request.signal!.addEventListener('abort', () =>
        stream.destroy(new Error('aborted')),
      );
      return stream;
    });
    const done = collect(
      watchObjects(client, {
        path: '/p',
        ...bounds,
        signal: controller.signal,
      }),
    );
    stream.write(line({ type: 'ADDED', object: pod('a', '1') }));
    await new Promise(r => setTimeout(r, 10));
    controller.abort();
    await expect(done).resolves.toHaveLength(1);
  });
});
