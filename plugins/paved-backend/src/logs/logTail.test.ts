import { LogLine } from '@paved/plugin-paved-node';
import { newestLines, timeKey } from './logTail';

/** A container's log: `count` lines, one every `every` ms from `from`. */
function log(name: string, count: number, every: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    time: new Date(Date.UTC(2026, 10, 21, 10) + from + i * every)
      .toISOString()
      .replace('Z', '000000Z'),
    pod: name,
    container: 'app',
    text: `${name} ${i}`,
  }));
}

/** Reads like the API server's `tailLines`, counting lines read. */
function reader(logs: LogLine[][]) {
  const asked: number[][] = logs.map(() => []);
  return {
    asked,
    read: async (source: number, lines: number) => {
      asked[source].push(lines);
      return logs[source].slice(-lines);
    },
  };
}

/** What reading `depth` lines of every container gives: the reference answer. */
function reference(
  logs: LogLine[][],
  tail: number,
  keep: (l: LogLine) => boolean = () => true,
  depth = tail,
) {
  return logs
    .flatMap(l => l.slice(-depth))
    .filter(keep)
    .sort((a, b) => timeKey(a.time).localeCompare(timeKey(b.time)))
    .slice(-tail)
    .map(l => l.text);
}

describe('timeKey', () => {
  it('orders timestamps with fractions of any length', () => {
    const times = [
      '2026-11-21T09:08:48Z',
      '2026-11-21T09:08:48.1Z',
      '2026-11-21T09:08:48.66863936Z',
      '2026-11-21T09:08:48.668639365Z',
      '2026-11-21T09:08:49Z',
    ];
    const keys = times.map(timeKey);
    expect([...keys].sort()).toEqual(keys);
    expect(timeKey('')).toBe('');
    expect(timeKey('2026-11-21T10:08:48.5+01:00')).toBe(
      timeKey('2026-11-21T09:08:48.5Z'),
    );
  });
});

describe('newestLines', () => {
  it('asks every container for its share once when they write evenly', async () => {
    const logs = Array.from({ length: 60 }, (_, i) =>
      log(`pod-${i}`, 500, 60_000, i * 10),
    );
    const { read, asked } = reader(logs);
    const { lines, reads } = await newestLines({
      sources: logs.length,
      tail: 100,
      read,
      concurrency: 8,
    });
    expect(lines.map(l => l.line.text)).toEqual(reference(logs, 100));
    expect(reads).toBe(60);
    // twice its share of 100 / 60 lines, and some slack
    expect(asked.every(a => a.length === 1 && a[0] === 12)).toBe(true);
  });

  it('asks again only the containers that can still hold newer lines', async () => {
    // one chatty container writes every 10 ms, the others once a minute
    const logs = [
      log('chatty', 5000, 10, 3_600_000),
      ...Array.from({ length: 9 }, (_, i) => log(`quiet-${i}`, 50, 60_000, i)),
    ];
    const { read, asked } = reader(logs);
    const { lines } = await newestLines({
      sources: logs.length,
      tail: 300,
      read,
      concurrency: 4,
    });
    expect(lines.map(l => l.line.text)).toEqual(reference(logs, 300));
    expect(lines.every(l => l.line.pod === 'chatty')).toBe(true);
    expect(asked[0]).toEqual([68, 272, 300]);
    expect(asked.slice(1).every(a => a.length === 1)).toBe(true);
  });

  it('searches within each container\u2019s last `depth` lines, like reading them all', async () => {
    const logs = Array.from({ length: 5 }, (_, i) =>
      log(`pod-${i}`, 400, 1000 + i, i),
    );
    const keep = (l: LogLine) => l.text.endsWith('7');
    for (const depth of [undefined, 300]) {
      const { read, asked } = reader(logs);
      const { lines } = await newestLines({
        sources: logs.length,
        tail: 50,
        depth,
        read,
        keep,
        concurrency: 2,
      });
      expect(lines.map(l => l.line.text)).toEqual(
        reference(logs, 50, keep, depth),
      );
      expect(asked.every(a => a.at(-1)! <= (depth ?? 50))).toBe(true);
    }
    // asked for the whole depth at once: one read per container
    const { read, asked } = reader(logs);
    await newestLines({
      sources: logs.length,
      tail: 30,
      depth: 300,
      firstAsk: 300,
      read,
      keep,
      concurrency: 5,
    });
    expect(asked).toEqual(logs.map(() => [300]));
  });

  it('stops at short logs and sources without a log', async () => {
    const logs = [log('a', 3, 1000), [], log('b', 2, 1000, 500)];
    const { read, asked } = reader(logs);
    const { lines } = await newestLines({
      sources: logs.length,
      tail: 100,
      read,
      concurrency: 3,
    });
    expect(lines.map(l => l.line.text)).toEqual([
      'a 0',
      'b 0',
      'a 1',
      'b 1',
      'a 2',
    ]);
    expect(asked).toEqual([[76], [76], [76]]);
    expect(
      await newestLines({ sources: 0, tail: 10, read, concurrency: 1 }),
    ).toEqual({ lines: [], reads: 0 });
  });
});
