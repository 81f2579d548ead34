import { fitToBudget } from './fitToBudget';

const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('fitToBudget', () => {
  it('leaves an answer within the budget as it is', () => {
    const answer = { items: [1, 2, 3], note: 'short' };
    expect(fitToBudget(answer, 1000)).toEqual({
      value: answer,
      truncated: false,
    });
  });

  it('drops the last elements of the largest list first, keeping the first ones', () => {
    const answer = {
      small: ['a'],
      lines: Array.from(
        { length: 200 },
        (_, i) => `line ${i} ${'x'.repeat(40)}`,
      ),
    };
    const { value, truncated } = fitToBudget(answer, 2000);
    expect(truncated).toBe(true);
    expect(size(value)).toBeLessThanOrEqual(2000);
    expect(value.lines[0]).toBe(answer.lines[0]);
    expect(value.lines.length).toBeLessThan(200);
    expect(value.small).toEqual(['a']);
    // the input is not changed
    expect(answer.lines).toHaveLength(200);
  });

  it('halves the longest text when no list is left to cut', () => {
    const answer = { cause: 'c'.repeat(5000), fix: 'restart' };
    const { value, truncated } = fitToBudget(answer, 1000);
    expect(truncated).toBe(true);
    expect(size(value)).toBeLessThanOrEqual(1000);
    expect(value.fix).toBe('restart');
    expect(value.cause.endsWith('…')).toBe(true);
  });

  it('counts bytes, not characters', () => {
    const answer = { text: 'é'.repeat(1000) };
    const { value } = fitToBudget(answer, 800);
    expect(size(value)).toBeLessThanOrEqual(800);
  });
});
