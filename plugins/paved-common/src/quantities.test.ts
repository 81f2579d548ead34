import { parseQuantity } from './quantities';

describe('parseQuantity', () => {
  it.each([
    ['250m', 0.25],
    ['1', 1],
    ['1.5', 1.5],
    ['12345678n', 0.012345678],
    ['500u', 0.0005],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1000Ki', 1024000],
    ['2G', 2e9],
    ['1e3', 1000],
    ['1.5E2k', 150000],
    ['.5Gi', 2 ** 29],
    ['123', 123],
  ])('reads %s', (text, value) =>
    expect(parseQuantity(text)).toBeCloseTo(value, 12),
  );

  it.each(['', 'abc', '1Xi', '-1', '1 Gi', 'Gi', '1.2.3'])('refuses %j', text =>
    expect(parseQuantity(text)).toBeUndefined(),
  );
});
