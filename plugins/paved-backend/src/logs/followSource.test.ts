import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { LogLine } from '@paved/plugin-paved-node';
import {
  SourceState,
  followSource,
  retryDelaySeconds,
  timeKey,
} from './followSource';

const START = '2026-11-21T10:00:00.000Z';

const line = (time: string, text: string): LogLine => ({
  time,
  text,
  pod: 'shop-1',
  container: 'app',
});

/**
 * A container's stream opened once per attempt: each attempt's script says what the stream does — fail before
 * answering (`refuse`), or answer, send its lines and then fail (`cut`) or end.
 */
type Attempt =
  | { refuse: Error }
  | { lines: LogLine[]; cut?: Error; hangUntilAborted?: boolean };

function scripted(attempts: Attempt[], signal: AbortSignal) {
  const opened: Array<string | undefined> = [];
  const open = (sinceTime: string | undefined, onConnected: () => void) => {
    opened.push(sinceTime);
    const attempt = attempts.shift();
    if (!attempt) throw new Error('opened more often than scripted');
    return (async function* stream() {
      if ('refuse' in attempt) throw attempt.refuse;
      onConnected();
      for (const l of attempt.lines) yield l;
      if (attempt.cut) throw attempt.cut;
      if (attempt.hangUntilAborted && !signal.aborted) {
        await new Promise(resolve =>
          signal.addEventListener('abort', resolve, { once: true }),
        );
      }
    })();
  };
  return { open, opened };
}

function run(attempts: Attempt[], controller = new AbortController()) {
  const { open, opened } = scripted(attempts, controller.signal);
  const sent: string[] = [];
  const states: SourceState[] = [];
  const done = followSource({
    open,
    startedAt: START,
    signal: controller.signal,
    retryInSeconds: () => 0,
    onLine: l => sent.push(l.text),
    onState: s => states.push(s),
  });
  return { done, opened, sent, states, controller };
}

describe('followSource', () => {
  it('opens again from the start of the follow a stream that failed before its first line, and says so', async () => {
    const notStarted = new Error(
      'following logs of shop-dev/shop-1/app: container "app" in pod "shop-1" is waiting to start: ContainerCreating',
    );
    const { done, opened, sent, states } = run([
      { refuse: notStarted },
      { refuse: notStarted },
      { lines: [line('2026-11-21T10:00:01.5Z', 'started')] },
    ]);
    await expect(done).resolves.toEqual({});
    // the first attempt asks for new lines only; the retries for every line since the follow began
    expect(opened).toEqual([undefined, START, START]);
    expect(sent).toEqual(['started']);
    expect(states).toEqual([
      { state: 'retrying', message: notStarted.message, retryInSeconds: 0 },
      { state: 'retrying', message: notStarted.message, retryInSeconds: 0 },
      { state: 'following' },
    ]);
  });

  it('reopens a cut stream from its last line, and sends neither a line twice nor an older one', async () => {
    const cut = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const { done, opened, sent, states } = run([
      {
        lines: [
          line('2026-11-21T10:00:01.100000000Z', 'a'),
          line('2026-11-21T10:00:02.2Z', 'b'),
          line('2026-11-21T10:00:02.2Z', 'c'),
        ],
        cut,
      },
      {
        // the API server answers from the second of sinceTime: the lines sent already come again
        lines: [
          line('2026-11-21T10:00:01.1Z', 'a'),
          // written at the same moment as b and c before the first stream opened: not sent yet, so sent
          line('2026-11-21T10:00:02.2Z', 'before b'),
          line('2026-11-21T10:00:02.2Z', 'b'),
          line('2026-11-21T10:00:02.2Z', 'c'),
          line('2026-11-21T10:00:02.2Z', 'd'),
          line('2026-11-21T10:00:03Z', 'e'),
          line('2026-11-21T10:00:03Z', 'a'),
        ],
      },
    ]);
    await expect(done).resolves.toEqual({});
    expect(opened).toEqual([undefined, '2026-11-21T10:00:02.2Z']);
    expect(sent).toEqual(['a', 'b', 'c', 'before b', 'd', 'e', 'a']);
    expect(states.map(s => s.state)).toEqual(['retrying', 'following']);
  });

  it('stops, without opening it again, the stream of a pod that is gone or may not be read', async () => {
    for (const error of [
      new NotFoundError('pods "shop-1" not found'),
      new NotAllowedError('pods "shop-1" is forbidden'),
    ]) {
      const { done, opened, states } = run([
        { lines: [line('2026-11-21T10:00:01Z', 'a')], cut: error },
      ]);
      await expect(done).resolves.toEqual({ stopped: error });
      expect(opened).toHaveLength(1);
      expect(states).toEqual([{ state: 'stopped', message: error.message }]);
    }
  });

  it('ends when its stream ends or the follow is closed, even while waiting to retry', async () => {
    const ended = run([{ lines: [line('2026-11-21T10:00:01Z', 'a')] }]);
    await expect(ended.done).resolves.toEqual({});
    expect(ended.states).toEqual([]);

    const controller = new AbortController();
    const { open, opened } = scripted(
      [{ refuse: new Error('connect ECONNREFUSED') }],
      controller.signal,
    );
    const waiting = followSource({
      open,
      startedAt: START,
      signal: controller.signal,
      retryInSeconds: () => 3600,
      onLine: () => undefined,
      onState: () => undefined,
    });
    await new Promise(resolve => setImmediate(resolve));
    controller.abort();
    await expect(waiting).resolves.toEqual({});
    expect(opened).toHaveLength(1);

    const open2 = run([
      { lines: [line('2026-11-21T10:00:01Z', 'a')], hangUntilAborted: true },
    ]);
    await new Promise(resolve => setImmediate(resolve));
    open2.controller.abort();
    await expect(open2.done).resolves.toEqual({});
    expect(open2.sent).toEqual(['a']);
  });

  it('waits twice as long after each failure in a row, at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelaySeconds)).toEqual([
      1, 2, 4, 8, 16, 30, 30, 30,
    ]);
  });

  it('orders RFC 3339 UTC times whatever their fraction digits', () => {
    expect(timeKey('2026-11-21T10:00:02Z')).toBe(
      '2026-11-21T10:00:02.000000000',
    );
    expect(
      timeKey('2026-11-21T10:00:02.2Z')! < timeKey('2026-11-21T10:00:02.10Z')!,
    ).toBe(false);
    expect(
      timeKey('2026-11-21T10:00:02.05Z')! < timeKey('2026-11-21T10:00:02.1Z')!,
    ).toBe(true);
    expect(timeKey('2026-11-21T12:00:02+02:00')).toBeUndefined();
  });
});
