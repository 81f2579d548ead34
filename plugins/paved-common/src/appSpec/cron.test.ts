import { cronProblem } from './cron';

describe('cronProblem', () => {
  it.each([
    '*/15 * * * *',
    '0 3 * * *',
    '0 9-17/2 * * MON-FRI',
    '30 2 1,15 JAN,jul 0',
    '0 0 1-31/2 * *',
    '0 0 * jan-dec *',
    '0 3 ? * *',
    '0 3 * * 7',
    '  0\t3 * * *  ',
    '@daily',
    '@midnight',
    '@yearly',
  ])('accepts %j as Kubernetes does', schedule => {
    expect(cronProblem(schedule)).toBeUndefined();
  });

  it.each([
    ['', 'it has 0 field(s) instead of 5'],
    ['0 3 * *', 'it has 4 field(s) instead of 5'],
    // the parser would read a leading seconds field; Kubernetes has none
    ['0 0 3 * * *', 'it has 6 field(s) instead of 5'],
    [
      '@every 5m',
      '"@every 5m" is not a known macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly)',
    ],
  ])('refuses %j: %s', (schedule, why) => {
    expect(cronProblem(schedule)).toBe(why);
  });

  it.each([
    ['0 0 L * *', 'day of month "L"'],
    ['0 0 1W * *', 'day of month "1W"'],
    ['0 0 * * 5L', 'day of week "5L"'],
    ['0 0 * * 1#2', 'day of week "1#2"'],
    ['H * * * *', 'minute "H"'],
    ['? 3 * * *', 'minute "?"'],
    ['0 0 * * MONDAY', 'day of week "MONDAY"'],
  ])(
    'refuses %j, which the parser reads but Kubernetes does not, naming the field',
    (schedule, field) => {
      const problem = cronProblem(schedule) ?? '';
      expect(problem.startsWith(`${field} is not a number`)).toBe(true);
      expect(problem).toMatch(
        /, \*, a range, a list or a step as Kubernetes reads them$/,
      );
    },
  );

  it('offers names only in the fields that take them', () => {
    expect(cronProblem('a/b * * * *')).toBe(
      'minute "a/b" is not a number, *, a range, a list or a step as Kubernetes reads them',
    );
    expect(cronProblem('0 0 * JANUARY *')).toBe(
      'month "JANUARY" is not a number or a name (JAN…), *, a range, a list or a step as Kubernetes reads them',
    );
  });

  it.each([
    ['61 * * * *', 'minute "61": ', /61.*0-59/],
    ['0 24 * * *', 'hour "24": ', /24.*0-23/],
    ['0 0 32 * *', 'day of month "32": ', /32.*1-31/],
    ['0 0 * 13 *', 'month "13": ', /13.*1-12/],
    ['0 0 * * 8', 'day of week "8": ', /8.*0-7/],
    ['0 3 * FOO *', 'month "FOO": ', /foo/i],
    ['0 0 * MON *', 'month "MON": ', /mon/i],
    ['*/0 * * * *', 'minute "*/0": ', /0/],
    ['0 5-2 * * *', 'hour "5-2": ', /5-2/],
    ['1-2-3 * * * *', 'minute "1-2-3": ', /1-2-3/],
    [',1 * * * *', 'minute ",1": ', /list/i],
  ])(
    'refuses %j with the parser’s reason after the field it is about',
    (schedule, field, reason) => {
      const problem = cronProblem(schedule);
      expect(problem?.startsWith(field)).toBe(true);
      expect(problem?.slice(field.length)).toMatch(reason);
    },
  );

  it('gives the parser’s reason alone when no single field is wrong', () => {
    // every field is fine on its own; February has no 31st
    expect(cronProblem('0 0 31 2 *')).toMatch(/day of month/i);
  });
});
