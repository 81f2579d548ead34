import { cpuMillicores, memoryBytes } from './podMetrics';
import { fillQuery } from './prometheus';

describe('quantities', () => {
  it.each([
    ['250m', 250],
    ['1', 1000],
    ['1.5', 1500],
    ['12345678n', 12.345678],
    ['500u', 0.5],
  ])('reads CPU %s', (q, m) => expect(cpuMillicores(q)).toBeCloseTo(m));

  it.each([
    ['512Mi', 512 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['1000Ki', 1024000],
    ['2G', 2e9],
    ['123', 123],
  ])('reads memory %s', (q, b) => expect(memoryBytes(q)).toBe(b));
});

describe('fillQuery', () => {
  it('fills placeholders with label values', () => {
    expect(
      fillQuery('rate(x{namespace="$namespace",service="$service"}[$window])', {
        namespace: 'checkout-dev',
        service: 'checkout-api',
        window: '2m',
      }),
    ).toBe('rate(x{namespace="checkout-dev",service="checkout-api"}[2m])');
  });

  it('fills a list as an escaped alternation, so one query covers several namespaces', () => {
    expect(
      fillQuery('sum by (namespace) (x{namespace=~"$namespaces"})', {
        namespaces: ['shop-dev', 'shop.prod'],
      }),
    ).toBe('sum by (namespace) (x{namespace=~"shop-dev|shop\\\\.prod"})');
    expect(() =>
      fillQuery('x{namespace=~"$namespaces"}', { namespaces: [] }),
    ).toThrow('namespaces: no values to put in a metrics query');
    expect(() =>
      fillQuery('x{namespace=~"$namespaces"}', { namespaces: ['a', 'b|.*'] }),
    ).toThrow('namespaces: "b|.*" cannot be used in a metrics query');
  });

  it('refuses values that could change the query', () => {
    expect(() =>
      fillQuery('x{service="$service"}', { service: 'a"}or vector(1)#' }),
    ).toThrow('service: "a"}or vector(1)#" cannot be used in a metrics query');
    expect(() =>
      fillQuery('x{service="$service"}', { service: 'checkout..api' }),
    ).toThrow('service: "checkout..api" cannot be used in a metrics query');
  });
});
