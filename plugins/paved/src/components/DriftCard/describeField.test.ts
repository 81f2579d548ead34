import { describeField, formatValue, shortPath } from './describeField';

describe('describeField', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('names a field by what follows its last spec, list items by name', () => {
    expect(shortPath('spec.replicas')).toBe('replicas');
    expect(
      shortPath('spec.template.spec.containers[name=api].env[name=DEBUG]'),
    ).toBe('containers[api].env[DEBUG]');
    expect(shortPath('metadata.labels.tier')).toBe('metadata.labels.tier');
  });

  it('writes a changed field with its manager and age', () => {
    expect(
      describeField(
        {
          path: 'spec.replicas',
          expected: 3,
          actual: 5,
          manager: 'kubectl-scale',
          changedAt: '2026-12-01T11:48:00Z',
        },
        now,
      ),
    ).toBe('replicas 3 → 5 by kubectl-scale, 12 min ago');
  });

  it('cuts long values and writes objects as JSON', () => {
    expect(formatValue({ name: 'DEBUG', value: '1' })).toBe(
      '{"name":"DEBUG","value":"1"}',
    );
    const long = formatValue('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
