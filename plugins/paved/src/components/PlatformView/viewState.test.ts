import {
  eventWindow,
  logLineId,
  logLineTime,
  parseViewState,
  rangeWindow,
  writeViewState,
} from './viewState';
import { customRangeProblem } from './TimeRangePicker';

const parse = (query: string) => parseViewState(new URLSearchParams(query));

describe('the Platform tab view in the URL', () => {
  it('reads what it knows and leaves the rest at its default', () => {
    expect(parse('')).toEqual({ range: '1h', levels: [] });
    expect(
      parse('range=6h&level=error,WARN,nope&fields=status%3D503&env=dev'),
    ).toMatchObject({
      range: '6h',
      levels: ['ERROR', 'WARN'],
      fields: 'status=503',
      environment: 'dev',
    });
    // a custom range needs a sane from and to; otherwise the default hour
    expect(parse('range=custom&from=1764900000&to=1764903600')).toMatchObject({
      range: 'custom',
      from: 1764900000,
      to: 1764903600,
    });
    expect(parse('range=custom&from=1764903600&to=1764900000').range).toBe(
      '1h',
    );
    expect(parse('range=custom&from=1764000000&to=1764903600').range).toBe(
      '1h',
    );
    expect(parse('range=weekly').range).toBe('1h');
    expect(parse('at=12').at).toBeUndefined();
  });

  it('writes a view back so that reading it gives the same view, keeping other keys', () => {
    const view = parse(
      'range=custom&from=1764900000&to=1764903600&level=ERROR&line=a%2Fb%40t&at=1764901000',
    );
    const written = writeViewState(new URLSearchParams('other=1'), view);
    expect(written.get('other')).toBe('1');
    expect(parseViewState(written)).toEqual(view);
    expect(
      writeViewState(new URLSearchParams('range=6h'), parse('')).toString(),
    ).toBe('');
  });

  it('keeps the Traces section\u2019s open trace and filters, and drops malformed ones', () => {
    const view = parse(
      'trace=4bf92f3577b34da6a3ce929d0e0e4736&traces=error&op=GET%20%2Fapi%2Fcart&minms=100',
    );
    expect(view).toMatchObject({
      trace: '4bf92f3577b34da6a3ce929d0e0e4736',
      traceStatus: 'error',
      traceOperation: 'GET /api/cart',
      traceMinMs: 100,
    });
    expect(parseViewState(writeViewState(new URLSearchParams(), view))).toEqual(
      view,
    );
    expect(parse('trace=../../x&traces=all&minms=-5')).toEqual({
      range: '1h',
      levels: [],
    });
  });

  it('gives the window of a range, and the minute around a moment for logs and events', () => {
    expect(rangeWindow(parse('range=15m'), 10_000)).toEqual({
      start: 10_000 - 900,
      end: 10_000,
    });
    expect(eventWindow(parse('at=1764901000'), 1764909999)).toEqual({
      start: 1764901000 - 60,
      end: 1764901000 + 60,
    });
  });

  it('names a log line by its container and timestamp', () => {
    const id = logLineId({
      cluster: 'local',
      namespace: 'payments-dev',
      pod: 'payments-api-1',
      container: 'app',
      time: '2026-12-03T10:00:01.123456789Z',
    });
    expect(id).toBe(
      'local/payments-dev/payments-api-1/app@2026-12-03T10:00:01.123456789Z',
    );
    expect(logLineTime(id)).toBe(Date.parse('2026-12-03T10:00:01Z') / 1000);
    expect(logLineTime('no-time')).toBeUndefined();
  });

  it('says why a custom range cannot be applied', () => {
    expect(customRangeProblem(undefined, 2)).toBe('From needs a date and time');
    expect(customRangeProblem(10, 5)).toBe('To must be after From');
    expect(customRangeProblem(0, 8 * 24 * 3600)).toMatch(/at most 7 days/);
    expect(customRangeProblem(0, 3600)).toBeUndefined();
  });
});
