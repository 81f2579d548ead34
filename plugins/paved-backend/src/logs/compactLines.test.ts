import { compactLines } from './compactLines';
import { SourcedLine } from './logTail';
import { LogSource } from '@paved/plugin-paved-common';

const target = (pod: string): LogSource => ({
  cluster: 'local',
  namespace: 'shop-dev',
  environment: 'dev',
  pod,
  container: 'app',
});

const line = (source: number, time: string, text: string): SourcedLine => ({
  line: { time, pod: `p${source}`, container: 'app', text },
  source,
  key: time,
});

describe('compactLines', () => {
  const targets = [target('p0'), target('p1'), target('p2')];
  const newest = [
    line(2, '2026-11-21T10:00:01Z', 'aaaa'),
    line(1, '2026-11-21T10:00:02Z', 'bbbb'),
    line(2, '2026-11-21T10:00:03Z', 'cccc'),
    line(1, '2026-11-21T10:00:04Z', 'dddd'),
  ];

  it('describes each container once, numbered in order of its first line', () => {
    expect(compactLines(newest, targets, 1000)).toEqual({
      sources: [targets[2], targets[1]],
      lines: [
        { t: '2026-11-21T10:00:01Z', s: 0, text: 'aaaa' },
        { t: '2026-11-21T10:00:02Z', s: 1, text: 'bbbb' },
        { t: '2026-11-21T10:00:03Z', s: 0, text: 'cccc' },
        { t: '2026-11-21T10:00:04Z', s: 1, text: 'dddd' },
      ],
      leftOut: 0,
    });
  });

  it('keeps the newest lines within the byte limit and counts the older ones left out', () => {
    const answer = compactLines(newest, targets, 9);
    expect(answer.lines.map(l => l.text)).toEqual(['cccc', 'dddd']);
    expect(answer.leftOut).toBe(2);
    // only the containers of the lines kept, renumbered from the first kept line
    expect(answer.sources).toEqual([targets[2], targets[1]]);
    expect(answer.lines.map(l => l.s)).toEqual([0, 1]);
  });

  it('counts bytes, not characters', () => {
    const wide = [line(0, '2026-11-21T10:00:01Z', 'ééé')];
    expect(compactLines(wide, targets, 5).leftOut).toBe(1);
    expect(compactLines(wide, targets, 6).leftOut).toBe(0);
  });
});
