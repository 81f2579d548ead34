import {
  formatFieldTerm,
  matchesFieldFilter,
  normalizeLevel,
  parseFieldFilter,
  parseLogLine,
} from './logLine';

const demo =
  '{"time":"2026-11-21T10:00:00Z","level":"ERROR","msg":"GET /api/cart 503","service":"checkout-api","pod":"checkout-api-1","method":"GET","path":"/api/cart","status":503,"duration_ms":12,"request_id":"r-8f2a"}';

describe('parseLogLine', () => {
  it('reads a JSON line: level, message, time, and the other keys as strings', () => {
    expect(parseLogLine(demo)).toEqual({
      level: 'ERROR',
      message: 'GET /api/cart 503',
      time: '2026-11-21T10:00:00Z',
      fields: {
        service: 'checkout-api',
        pod: 'checkout-api-1',
        method: 'GET',
        path: '/api/cart',
        status: '503',
        duration_ms: '12',
        request_id: 'r-8f2a',
      },
      format: 'json',
    });
  });

  it('flattens nested objects with dots and finds log.level, message and @timestamp', () => {
    expect(
      parseLogLine(
        '{"@timestamp":"t1","log":{"level":"warning"},"message":"slow","http":{"response":{"status_code":200}},"tags":["a","b"],"ok":true,"user":null}',
      ),
    ).toEqual({
      level: 'WARN',
      message: 'slow',
      time: 't1',
      fields: {
        'http.response.status_code': '200',
        tags: '["a","b"]',
        ok: 'true',
        user: 'null',
      },
      format: 'json',
    });
    expect(parseLogLine('{"severity":"CRITICAL","ts":1764930000.5}')).toEqual({
      level: 'ERROR',
      message: '',
      time: '1764930000.5',
      fields: {},
      format: 'json',
    });
    expect(parseLogLine('{"lvl":"trace","msg":"x"}').level).toBe('DEBUG');
    expect(parseLogLine('{"level":30,"msg":"pino"}').level).toBe('INFO');
  });

  it('reads logfmt, with quoted values and escapes', () => {
    expect(
      parseLogLine(
        'time=2026-11-21T10:00:00Z level=info msg="GET /x \\"quoted\\" 200" status=200 empty=""',
      ),
    ).toEqual({
      level: 'INFO',
      message: 'GET /x "quoted" 200',
      time: '2026-11-21T10:00:00Z',
      fields: { status: '200', empty: '' },
      format: 'logfmt',
    });
    expect(parseLogLine('lvl=notice msg=started').level).toBe('INFO');
  });

  it('keeps plain text as it is, with a leading level word when there is one', () => {
    expect(parseLogLine('GET /cart 200')).toEqual({
      level: 'OTHER',
      message: 'GET /cart 200',
      fields: {},
      format: 'text',
    });
    expect(parseLogLine('ERROR could not reach db').level).toBe('ERROR');
    expect(parseLogLine('[warn] disk almost full').level).toBe('WARN');
    expect(parseLogLine('debug: cache miss').level).toBe('DEBUG');
    expect(
      parseLogLine('2026-11-21 10:00:00,123 INFO Started in 2s').level,
    ).toBe('INFO');
    expect(parseLogLine('user did x=1 and left').format).toBe('text');
    expect(parseLogLine('{"not json').format).toBe('text');
    expect(parseLogLine('[1,2]').format).toBe('text');
    expect(parseLogLine('msg="unclosed').format).toBe('text');
  });

  it('maps level words to the filter’s levels', () => {
    expect(
      ['error', 'err', 'FATAL', 'panic', 'critical'].map(normalizeLevel),
    ).toEqual(['ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR']);
    expect(['warn', 'Warning'].map(normalizeLevel)).toEqual(['WARN', 'WARN']);
    expect(['info', 'notice'].map(normalizeLevel)).toEqual(['INFO', 'INFO']);
    expect(['debug', 'trace'].map(normalizeLevel)).toEqual(['DEBUG', 'DEBUG']);
    expect(['verbose', '', undefined].map(normalizeLevel)).toEqual([
      'OTHER',
      'OTHER',
      'OTHER',
    ]);
  });
});

describe('parseFieldFilter', () => {
  it('reads key=value terms, quoted values and bare words', () => {
    expect(
      parseFieldFilter(
        ' status=503  msg="GET /api/cart 503" timeout "two words" path="a\\"b" ',
      ),
    ).toEqual({
      terms: [
        { key: 'status', value: '503' },
        { key: 'msg', value: 'GET /api/cart 503' },
        { value: 'timeout' },
        { value: 'two words' },
        { key: 'path', value: 'a"b' },
      ],
    });
    expect(parseFieldFilter('')).toEqual({ terms: [] });
  });

  it('names a malformed term instead of throwing', () => {
    expect(parseFieldFilter('level=error status=')).toEqual({
      terms: [{ key: 'level', value: 'error' }],
      problem: {
        term: 'status=',
        message: 'status= needs a value, e.g. status=503',
      },
    });
    expect(parseFieldFilter('=503').problem?.message).toBe(
      '=503 needs a field name, e.g. status=503',
    );
    expect(parseFieldFilter('msg="GET /cart').problem?.message).toBe(
      'msg="GET /cart has no closing quote, e.g. msg="GET /cart"',
    );
    expect(parseFieldFilter('request_id=').problem?.message).toBe(
      'request_id= needs a value, e.g. request_id=abc',
    );
  });

  it('writes terms back the way they are read', () => {
    for (const value of ['503', 'GET /cart', 'a"b\\c', '']) {
      expect(parseFieldFilter(formatFieldTerm('k', value)).terms).toEqual([
        { key: 'k', value },
      ]);
    }
  });
});

describe('matchesFieldFilter', () => {
  const line = parseLogLine(demo);
  const matches = (filter: string) =>
    matchesFieldFilter(line, parseFieldFilter(filter).terms);

  it('matches every term: exact field values, level and message', () => {
    expect(matches('status=503 request_id=r-8f2a')).toBe(true);
    expect(matches('status=503 request_id=r-8f2')).toBe(false);
    expect(matches('status=50')).toBe(false);
    expect(matches('level=error')).toBe(true);
    expect(matches('level=warn')).toBe(false);
    expect(matches('msg="GET /api/cart 503"')).toBe(true);
    expect(matches('message=GET')).toBe(false);
    expect(matches('missing=1')).toBe(false);
    expect(matches('')).toBe(true);
  });

  it('matches a bare word in the message or any field value, ignoring case', () => {
    expect(matches('api/CART')).toBe(true);
    expect(matches('R-8F2')).toBe(true);
    expect(matches('checkout')).toBe(true);
    expect(matches('timeout')).toBe(false);
    expect(
      matchesFieldFilter(parseLogLine('Timeout talking to db'), [
        { value: 'timeout' },
      ]),
    ).toBe(true);
  });
});
