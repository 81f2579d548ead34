import { promqlRegexAlternation } from './promql';

describe('promqlRegexAlternation', () => {
  it('joins values as alternatives, escaping each for the regex and then for the PromQL string', () => {
    expect(promqlRegexAlternation(['checkout-dev', 'search-dev'])).toBe(
      'checkout-dev|search-dev',
    );
    // a dot is a regex metacharacter: escaped once for the regex, and that backslash once for the string
    expect(promqlRegexAlternation(['a.b'])).toBe('a\\\\.b');
    expect(promqlRegexAlternation(['x"y'])).toBe('x\\"y');
    expect(promqlRegexAlternation(['(.*)|z'])).toBe(
      '\\\\(\\\\.\\\\*\\\\)\\\\|z',
    );
  });
});
