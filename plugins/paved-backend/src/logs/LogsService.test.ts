import { NotFoundError } from '@backstage/errors';
import {
  DEFAULT_PAVED_LIMITS,
  LogOptions,
  followLogs,
  listPods,
  readLogsBounded,
} from '@paved/plugin-paved-node';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import { component } from '../__testUtils__/startPavedBackend';
import { LogsService } from './LogsService';
import { SharedLogReads } from './SharedLogReads';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
  listPods: jest.fn(),
  readLogsBounded: jest.fn(),
  followLogs: jest.fn(),
}));

const identity = { user: 'user:default/ann', groups: ['group:default/shop'] };
const shop = component('shop', 'shop', 'shop');
/** 2026-11-21T10:00:00Z */
const T0 = Date.UTC(2026, 10, 21, 10) / 1000;

/** A container's log: one line every 10 s from T0 for 10 minutes, `<pod> <i>`. */
function log(pod: string) {
  return Array.from({ length: 60 }, (_, i) => ({
    time: new Date((T0 + i * 10) * 1000).toISOString().replace('.000Z', 'Z'),
    text: `${pod} ${i}`,
  }));
}

/** Reads like the API server: `sinceTime`, `sinceSeconds`, `tailLines`, then `limitBytes`. */
function fakeLogApi(logs: Record<string, ReturnType<typeof log>>) {
  const asked: LogOptions[] = [];
  jest.mocked(readLogsBounded).mockImplementation(async (_client, options) => {
    asked.push(options);
    let lines = logs[options.pod].filter(
      l => !options.sinceTime || l.time >= options.sinceTime,
    );
    if (options.tailLines !== undefined)
      lines = lines.slice(-options.tailLines);
    let bytes = 0;
    const fit = lines.filter(l => {
      bytes += l.time.length + l.text.length + 2;
      return bytes <= (options.limitBytes ?? Infinity);
    });
    return {
      lines: fit.map(l => ({ ...l, pod: options.pod, container: 'app' })),
      truncated: fit.length < lines.length,
    };
  });
  return asked;
}

function service(readBytes = DEFAULT_PAVED_LIMITS.logs.readBytes) {
  jest.mocked(listPods).mockResolvedValue([
    { name: 'shop-1', phase: 'Running', containers: ['app'] },
    { name: 'shop-2', phase: 'Running', containers: ['app'] },
  ]);
  return new LogsService(fakeClusters({ local: ['shop-dev'] }), {
    ...DEFAULT_PAVED_LIMITS.logs,
    readBytes,
  });
}

const texts = (answer: { lines: Array<{ text: string }> }) =>
  answer.lines.map(l => l.text);

describe('LogsService.tail in a window of the past', () => {
  it('reads each container once from since, without tailLines, and answers the newest lines not after until', async () => {
    const asked = fakeLogApi({
      'shop-1': log('shop-1'),
      'shop-2': log('shop-2'),
    });
    const answer = await service().tail(shop, identity, {
      tail: 3,
      since: T0 + 60,
      until: T0 + 120,
    });
    expect(asked).toHaveLength(2);
    for (const options of asked) {
      expect(options.sinceTime).toBe('2026-11-21T10:01:00Z');
      expect(options.tailLines).toBeUndefined();
      expect(options.sinceSeconds).toBeUndefined();
      expect(options.limitBytes).toBe(DEFAULT_PAVED_LIMITS.logs.readBytes);
    }
    // lines 6..12 of each are in the window; the newest three across both, oldest first
    expect(texts(answer)).toEqual(['shop-2 11', 'shop-1 12', 'shop-2 12']);
    expect(answer.notice).toBeUndefined();

    const all = await service().tail(shop, identity, {
      tail: 100,
      since: T0 + 60,
      until: T0 + 120,
    });
    expect(texts(all).filter(t => t.startsWith('shop-1'))).toEqual(
      [6, 7, 8, 9, 10, 11, 12].map(i => `shop-1 ${i}`),
    );
  });

  it('searches the lines of the window only', async () => {
    fakeLogApi({ 'shop-1': log('shop-1'), 'shop-2': log('shop-2') });
    const answer = await service().tail(shop, identity, {
      tail: 10,
      since: T0 + 60,
      until: T0 + 120,
      search: 'SHOP-1 1',
    });
    expect(texts(answer)).toEqual(['shop-1 10', 'shop-1 11', 'shop-1 12']);
  });

  it('reads from since with tailLines when the window is open', async () => {
    const asked = fakeLogApi({
      'shop-1': log('shop-1'),
      'shop-2': log('shop-2'),
    });
    const answer = await service().tail(shop, identity, {
      tail: 2,
      since: T0 + 500,
    });
    expect(asked[0]).toMatchObject({ sinceTime: '2026-11-21T10:08:20Z' });
    expect(asked[0].tailLines).toBeGreaterThan(0);
    expect(asked[0].sinceSeconds).toBeUndefined();
    expect(texts(answer)).toEqual(['shop-1 59', 'shop-2 59']);
  });

  it('says when a container\u2019s read was cut before the window\u2019s end, not when it reached it', async () => {
    fakeLogApi({ 'shop-1': log('shop-1'), 'shop-2': log('shop-2') });
    // eight lines of 30 bytes fit
    const cut = await service(250).tail(shop, identity, {
      tail: 100,
      since: T0,
      until: T0 + 300,
    });
    expect(texts(cut).filter(t => t.startsWith('shop-1'))).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7].map(i => `shop-1 ${i}`),
    );
    expect(cut.notice).toBe(
      "The log of shop-dev/shop-1/app was cut at 250 bytes (paved.limits.logs.readBytes) before the window's end (2026-11-21T10:05:00Z), so its later lines in the window are missing; choose a shorter window. " +
        "The log of shop-dev/shop-2/app was cut at 250 bytes (paved.limits.logs.readBytes) before the window's end (2026-11-21T10:05:00Z), so its later lines in the window are missing; choose a shorter window.",
    );
    const reached = await service(250).tail(shop, identity, {
      tail: 100,
      since: T0,
      until: T0 + 20,
    });
    expect(texts(reached).filter(t => t.startsWith('shop-1'))).toEqual([
      'shop-1 0',
      'shop-1 1',
      'shop-1 2',
    ]);
    expect(reached.notice).toBeUndefined();
  });
});

describe('LogsService.tail with shared log reads', () => {
  it('answers a second request within the TTL without reading the containers again, with the same lines', async () => {
    const asked = fakeLogApi({
      'shop-1': log('shop-1'),
      'shop-2': log('shop-2'),
    });
    jest.mocked(listPods).mockResolvedValue([
      { name: 'shop-1', phase: 'Running', containers: ['app'] },
      { name: 'shop-2', phase: 'Running', containers: ['app'] },
    ]);
    const shared = new LogsService(
      fakeClusters({ local: ['shop-dev'] }),
      DEFAULT_PAVED_LIMITS.logs,
      new SharedLogReads(3000),
    );
    const first = await shared.tail(shop, identity, { tail: 4 });
    const reads = asked.length;
    expect(reads).toBe(2);
    const second = await shared.tail(shop, identity, { tail: 4 });
    expect(asked).toHaveLength(reads);
    expect(texts(second)).toEqual(texts(first));
    expect(texts(first)).toEqual([
      'shop-1 58',
      'shop-2 58',
      'shop-1 59',
      'shop-2 59',
    ]);
  });
});

describe('LogsService.follow', () => {
  const target = (pod: string) => ({
    cluster: 'local',
    namespace: 'shop-dev',
    environment: 'dev',
    pod,
    container: 'app',
  });

  it("goes on with the other containers while one container's stream fails, and says so", async () => {
    const controller = new AbortController();
    let shop2Opened = 0;
    jest
      .mocked(followLogs)
      .mockImplementation(async function* follow(
        _client,
        options: LogOptions,
        onConnected,
      ) {
        if (options.pod === 'shop-2' && ++shop2Opened === 1) {
          throw new Error('log file of shop-2/app is not there yet');
        }
        onConnected?.();
        yield {
          time: '2026-11-21T10:00:01Z',
          pod: options.pod,
          container: 'app',
          text: `${options.pod} started`,
        };
        if (options.pod === 'shop-2') controller.abort();
      });
    const lines: string[] = [];
    const states: unknown[] = [];
    await service().follow(identity, [target('shop-1'), target('shop-2')], {
      signal: controller.signal,
      onLine: l => lines.push(`${l.s} ${l.text}`),
      onSource: s => states.push(s),
      retryInSeconds: () => 0,
    });
    expect(lines.sort()).toEqual(['0 shop-1 started', '1 shop-2 started']);
    expect(states).toEqual([
      {
        s: 1,
        state: 'retrying',
        message: 'log file of shop-2/app is not there yet',
        retryInSeconds: 0,
      },
      { s: 1, state: 'following' },
    ]);
  });

  it('fails with the first reason only when every container was stopped', async () => {
    jest
      .mocked(followLogs)
      .mockImplementation(async function* follow(_client, options: LogOptions) {
        if (options.pod === 'shop-1') {
          throw new NotFoundError('pods "shop-1" not found');
        }
        yield* [];
      });
    const onSource = jest.fn();
    const signal = new AbortController().signal;
    // shop-2 ended by itself: the follow ends without an error
    await expect(
      service().follow(identity, [target('shop-1'), target('shop-2')], {
        signal,
        onLine: () => undefined,
        onSource,
      }),
    ).resolves.toBeUndefined();
    expect(onSource).toHaveBeenCalledWith({
      s: 0,
      state: 'stopped',
      message: 'pods "shop-1" not found',
    });
    await expect(
      service().follow(identity, [target('shop-1')], {
        signal,
        onLine: () => undefined,
      }),
    ).rejects.toThrow('pods "shop-1" not found');
  });
});
