import { describeDriftField, relativeTime } from './describeDrift';

const NOW = new Date('2026-12-02T14:00:00Z');

describe('describeDriftField', () => {
  it('says what changed, who changed it and how long ago', () => {
    expect(
      describeDriftField(
        {
          path: 'spec.replicas',
          change: 'changed',
          expected: 3,
          actual: 5,
          manager: 'kubectl',
          changedAt: '2026-12-02T13:48:00Z',
        },
        NOW,
      ),
    ).toBe('replicas 3 → 5 by kubectl, 12 min ago');
  });

  it('leaves the age out when the entry records no time (the scale subresource)', () => {
    expect(
      describeDriftField(
        {
          path: 'spec.replicas',
          change: 'changed',
          expected: 3,
          actual: 5,
          manager: 'kubectl',
        },
        NOW,
      ),
    ).toBe('replicas 3 → 5 by kubectl');
  });

  it('shows added and removed fields and keeps the list keys in the name', () => {
    expect(
      describeDriftField(
        {
          path: 'spec.template.spec.containers[name=api].env[name=DEBUG]',
          change: 'added',
          actual: { name: 'DEBUG', value: '1' },
          manager: 'kubectl-set',
          changedAt: '2026-12-02T13:59:31Z',
        },
        NOW,
      ),
    ).toBe(
      'containers[name=api].env[name=DEBUG] added: {"name":"DEBUG","value":"1"} by kubectl-set, just now',
    );
    expect(
      describeDriftField(
        { path: 'metadata.labels.team', change: 'removed', expected: 'shop' },
        NOW,
      ),
    ).toBe('labels.team removed (was shop) by an unknown manager');
  });

  it('says a Secret key changed without a value', () => {
    expect(
      describeDriftField(
        {
          path: 'data.password',
          change: 'changed',
          manager: 'kubectl-edit',
          changedAt: '2026-11-30T13:00:00Z',
        },
        NOW,
      ),
    ).toBe('data.password changed by kubectl-edit, 2 d ago');
  });

  it('quotes strings with spaces and shortens long values', () => {
    const text = describeDriftField(
      {
        path: 'spec.template.spec.containers[name=api].args',
        expected: ['serve'],
        actual: [
          'serve',
          '--log-level',
          'debug',
          '--profile',
          'cpu',
          '--extra',
          'x'.repeat(40),
        ],
        manager: 'kubectl-edit',
      },
      NOW,
    );
    expect(text).toMatch(
      /^containers\[name=api\]\.args \["serve"\] → \["serve","--log-level".{30,}… by kubectl-edit$/,
    );
    expect(
      describeDriftField(
        { path: 'metadata.annotations.note', expected: 'a b', actual: '' },
        NOW,
      ),
    ).toBe('annotations.note "a b" → "" by an unknown manager');
  });
});

describe('relativeTime', () => {
  it.each([
    ['2026-12-02T13:59:01Z', 'just now'],
    ['2026-12-02T14:05:00Z', 'just now'],
    ['2026-12-02T13:59:00Z', '1 min ago'],
    ['2026-12-02T13:00:01Z', '59 min ago'],
    ['2026-12-02T13:00:00Z', '1 h ago'],
    ['2026-12-01T14:00:01Z', '23 h ago'],
    ['2026-12-01T14:00:00Z', '1 d ago'],
  ])('counts %s as %s', (at, expected) => {
    expect(relativeTime(new Date(at), NOW)).toBe(expected);
  });
});
