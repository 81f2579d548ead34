import { describeSource, relativeTime } from './format';

describe('revision formats', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('says how long ago a time was', () => {
    expect(relativeTime('2026-12-01T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-12-01T11:48:00Z', now)).toBe('12 min ago');
    expect(relativeTime('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-11-30T11:00:00Z', now)).toBe('1 day ago');
    expect(relativeTime('2026-11-21T12:00:00Z', now)).toBe('10 days ago');
    // a clock ahead of the browser's
    expect(relativeTime('2026-12-01T12:05:00Z', now)).toBe('just now');
    expect(relativeTime('yesterday', now)).toBe('yesterday');
  });

  it('names where a revision came from', () => {
    expect(describeSource({ kind: 'apply' })).toBe('apply');
    expect(
      describeSource({ kind: 'golden-path', template: 'template:default/web' }),
    ).toBe('golden path template:default/web');
    expect(describeSource({ kind: 'clone' })).toBe('clone');
    expect(describeSource({ kind: 'approval', approvalId: 'req-1' })).toBe(
      'approval req-1',
    );
    expect(describeSource({ kind: 'rollback', restores: 2 })).toBe(
      'rollback of #2',
    );
    expect(describeSource({ kind: 'reapply', restores: 5 })).toBe(
      're-apply of #5',
    );
  });
});
