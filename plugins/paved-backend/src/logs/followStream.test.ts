import { EventEmitter } from 'node:events';
import express from 'express';
import { DEFAULT_PAVED_LIMITS } from '@paved/plugin-paved-node';
import { FollowSlots } from './FollowSlots';
import { streamFollow } from './followStream';
import { LogsService } from './LogsService';
import { CompactLogLine } from '@paved/plugin-paved-common';

/** A response that records what is written, and closes when ended. */
class RecordedResponse extends EventEmitter {
  text = '';
  status?: number;
  headers: Record<string, string> = {};
  writeHead(status: number) {
    this.status = status;
  }
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
  end() {
    this.emit('close');
  }
}

/** Logs of one container that writes `lines` at once, then nothing until the follow is aborted. */
function quietLogs(lines: string[]): LogsService {
  return {
    select: async () => ({
      targets: [
        {
          cluster: 'local',
          namespace: 'shop-dev',
          environment: 'dev',
          pod: 'shop-1',
          container: 'app',
        },
      ],
    }),
    follow: async (
      _identity: unknown,
      _targets: unknown,
      options: { signal: AbortSignal; onLine: (l: CompactLogLine) => void },
    ) => {
      for (const text of lines) {
        options.onLine({ t: '2026-11-21T10:00:00Z', s: 0, text });
      }
      if (options.signal.aborted) return;
      await new Promise(resolve =>
        options.signal.addEventListener('abort', resolve),
      );
    },
  } as unknown as LogsService;
}

function follow(
  logs: LogsService,
  slots: FollowSlots,
  limits: Partial<typeof DEFAULT_PAVED_LIMITS.follows>,
) {
  const req = new EventEmitter() as unknown as express.Request;
  const res = new RecordedResponse();
  const done = streamFollow(req, res as unknown as express.Response, {
    logs,
    slots,
    limits: { ...DEFAULT_PAVED_LIMITS.follows, ...limits },
    entity: {} as any,
    identity: { user: 'user:default/bob', groups: [] },
    query: {},
  });
  return { req, res, done };
}

describe('streamFollow', () => {
  afterEach(() => jest.useRealTimers());

  it('ends a follow at its longest duration, says why, and gives its slot back', async () => {
    jest.useFakeTimers();
    const slots = new FollowSlots({ perUser: 1, global: 1 });
    const { res, done } = follow(quietLogs(['started']), slots, {
      maxDurationMinutes: 2,
    });
    await jest.advanceTimersByTimeAsync(119_000);
    expect(slots.open('user:default/bob')).toBe(1);
    expect(res.text).toContain('"text":"started"');
    expect(res.text).not.toContain('event: error');
    await jest.advanceTimersByTimeAsync(1_000);
    await done;
    expect(res.text).toContain(
      'event: error\ndata: {"message":"Following stopped after 2 minutes, the longest one follow stays open (paved.limits.follows.maxDurationMinutes); follow again to go on"}',
    );
    expect(slots.open()).toBe(0);
  });

  it('ends a follow once it sent its most bytes, without the line that went over', async () => {
    const slots = new FollowSlots({ perUser: 1, global: 1 });
    const { res, done } = follow(
      quietLogs(['12345', '67890', 'over the limit']),
      slots,
      { maxBytes: 12 },
    );
    await done;
    expect(res.text).toContain('"text":"67890"');
    expect(res.text).not.toContain('over the limit');
    expect(res.text).toContain(
      'Following stopped after 12 bytes of log lines, the most one follow sends (paved.limits.follows.maxBytes)',
    );
    expect(slots.open()).toBe(0);
  });

  it('gives the slot back as soon as the client goes away', async () => {
    const slots = new FollowSlots({ perUser: 1, global: 1 });
    const { req, res, done } = follow(quietLogs(['started']), slots, {});
    await new Promise(resolve => setImmediate(resolve));
    expect(res.text).toContain('event: sources');
    expect(slots.open()).toBe(1);
    req.emit('close');
    expect(slots.open()).toBe(0);
    await done;
  });

  it('refuses a follow beyond the limit with 429 and Retry-After, before streaming anything', async () => {
    const slots = new FollowSlots({ perUser: 1, global: 5 });
    const release = slots.acquire('user:default/bob');
    const { res, done } = follow(quietLogs([]), slots, {});
    await expect(done).rejects.toMatchObject({
      statusCode: 429,
      message: expect.stringContaining('paved.limits.follows.perUser = 1'),
    });
    expect(res.headers['retry-after']).toBe('30');
    expect(res.status).toBeUndefined();
    release();
    expect(slots.open()).toBe(0);
  });
});
