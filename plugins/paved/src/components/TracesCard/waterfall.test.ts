import { TraceSpan } from '@paved/plugin-paved-common';
import { formatMicros, waterfallRows } from './waterfall';

const span = (
  spanId: string,
  start: number,
  duration: number,
  parentSpanId?: string,
): TraceSpan => ({
  spanId,
  service: 's',
  start,
  duration,
  opaque: false,
  ...(parentSpanId ? { parentSpanId } : {}),
});

describe('waterfallRows', () => {
  it('orders spans as a call tree, children by start, with bars on the trace extent', () => {
    const rows = waterfallRows([
      span('b', 1_050, 20, 'root'),
      span('root', 1_000, 100),
      span('a', 1_010, 30, 'root'),
      span('a1', 1_020, 10, 'a'),
    ]);
    expect(rows.map(r => [r.span.spanId, r.depth])).toEqual([
      ['root', 0],
      ['a', 1],
      ['a1', 2],
      ['b', 1],
    ]);
    expect(rows[0]).toMatchObject({ offset: 0, width: 100 });
    expect(rows[1]).toMatchObject({ offset: 10, width: 30 });
    expect(rows[3].offset).toBe(50);
  });

  it('starts a tree of its own for a span whose parent is not in the trace, and keeps tiny spans visible', () => {
    const rows = waterfallRows([
      span('root', 0, 1_000_000),
      span('orphan', 10, 1, 'missing'),
    ]);
    expect(rows.map(r => r.depth)).toEqual([0, 0]);
    expect(rows[1].width).toBe(0.5);
  });
});

describe('formatMicros', () => {
  it.each([
    [850, '850 µs'],
    [1_234, '1.2 ms'],
    [12_345, '12 ms'],
    [1_500_000, '1.50 s'],
  ])('formats %i µs as %s', (micros, text) => {
    expect(formatMicros(micros)).toBe(text);
  });
});
