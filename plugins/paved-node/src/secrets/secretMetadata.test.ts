import {
  durationMs,
  nextRotation,
  readKeyChanges,
  readRotationSchedule,
  withKeyChanges,
} from './secretMetadata';

describe('secret bookkeeping', () => {
  it('reads ISO-8601 durations of days to seconds and refuses others', () => {
    expect(durationMs('P30D')).toBe(30 * 86_400_000);
    expect(durationMs('PT12H')).toBe(12 * 3_600_000);
    expect(durationMs('P1DT1M5S')).toBe(86_400_000 + 65_000);
    expect(durationMs('PT0S')).toBeUndefined();
    expect(durationMs('P1W')).toBeUndefined();
    expect(durationMs('30d')).toBeUndefined();
  });

  it('is due at once when never rotated, and one period after the last rotation', () => {
    const schedule = { every: 'PT10M', keys: [] };
    expect(nextRotation(schedule, undefined)?.getTime()).toBe(0);
    expect(
      nextRotation(schedule, '2026-01-01T00:00:00.000Z')?.toISOString(),
    ).toBe('2026-01-01T00:10:00.000Z');
    expect(
      nextRotation({ every: 'bogus', keys: [] }, undefined),
    ).toBeUndefined();
  });

  it('keeps who changed each key, merging new changes into the record', () => {
    const first = withKeyChanges({}, ['a'], 'user:default/bob', 't1');
    const second = withKeyChanges(
      { 'paved.dev/secret-changes': first },
      ['b'],
      'user:default/alice',
      't2',
    );
    expect(readKeyChanges({ 'paved.dev/secret-changes': second })).toEqual({
      a: { by: 'user:default/bob', at: 't1' },
      b: { by: 'user:default/alice', at: 't2' },
    });
    expect(readKeyChanges({ 'paved.dev/secret-changes': 'not json' })).toEqual(
      {},
    );
  });

  it('reads a valid rotation schedule only', () => {
    const text = JSON.stringify({
      every: 'P30D',
      keys: [{ key: 'password', shape: { alphabet: 'hex', length: 32 } }],
    });
    expect(
      readRotationSchedule({ 'paved.dev/secret-rotation': text })?.keys[0],
    ).toEqual({ key: 'password', shape: { alphabet: 'hex', length: 32 } });
    expect(
      readRotationSchedule({
        'paved.dev/secret-rotation': JSON.stringify({
          every: 'P1D',
          keys: [{ key: 'bad key!' }],
        }),
      }),
    ).toBeUndefined();
  });
});
