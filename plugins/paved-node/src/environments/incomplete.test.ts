import {
  INCOMPLETE_LABEL,
  INCOMPLETE_UNTIL_ANNOTATION,
  isAbandonedEnvironment,
  markIncomplete,
} from './incomplete';

const now = new Date('2026-12-02T17:00:00Z');
const ns = (
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
  deletionTimestamp?: string,
) => ({
  metadata: {
    name: 'checkout-production',
    labels,
    annotations,
    ...(deletionTimestamp ? { deletionTimestamp } : {}),
  },
});
const managed = { 'paved.dev/managed-by': 'paved' };

describe('half-made environments', () => {
  it('marks a Namespace object incomplete until a time, keeping its labels and annotations', () => {
    const marked = markIncomplete(
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'n', labels: { a: '1' }, annotations: { b: '2' } },
      },
      now,
    );
    expect(marked.metadata.labels).toEqual({
      a: '1',
      [INCOMPLETE_LABEL]: 'true',
    });
    expect(marked.metadata.annotations).toEqual({
      b: '2',
      [INCOMPLETE_UNTIL_ANNOTATION]: '2026-12-02T17:00:00.000Z',
    });
  });

  it('are abandoned once their time has passed, protected ones included', () => {
    const past = { [INCOMPLETE_UNTIL_ANNOTATION]: '2026-12-02T16:59:59Z' };
    expect(
      isAbandonedEnvironment(
        ns(
          {
            ...managed,
            [INCOMPLETE_LABEL]: 'true',
            'paved.dev/protected': 'true',
          },
          past,
        ),
        now,
      ),
    ).toBe(true);
    expect(
      isAbandonedEnvironment(
        ns(
          { ...managed, [INCOMPLETE_LABEL]: 'true' },
          {
            [INCOMPLETE_UNTIL_ANNOTATION]: '2026-12-02T17:00:01Z',
          },
        ),
        now,
      ),
    ).toBe(false);
  });

  it('never are when not made by Paved, not marked, unreadable or already being deleted', () => {
    const past = { [INCOMPLETE_UNTIL_ANNOTATION]: '2026-12-01T00:00:00Z' };
    expect(
      isAbandonedEnvironment(ns({ [INCOMPLETE_LABEL]: 'true' }, past), now),
    ).toBe(false);
    expect(isAbandonedEnvironment(ns(managed, past), now)).toBe(false);
    expect(
      isAbandonedEnvironment(
        ns(
          { ...managed, [INCOMPLETE_LABEL]: 'true' },
          { [INCOMPLETE_UNTIL_ANNOTATION]: 'soon' },
        ),
        now,
      ),
    ).toBe(false);
    expect(
      isAbandonedEnvironment(
        ns({ ...managed, [INCOMPLETE_LABEL]: 'true' }),
        now,
      ),
    ).toBe(false);
    expect(
      isAbandonedEnvironment(
        ns(
          { ...managed, [INCOMPLETE_LABEL]: 'true' },
          past,
          '2026-12-02T16:00:00Z',
        ),
        now,
      ),
    ).toBe(false);
  });
});
