import { StoredSpan, StoredTrace } from '@paved/plugin-paved-node';
import {
  SpanReaders,
  rootCauseSpan,
  summarizeTrace,
  viewTrace,
} from './traceView';

const span = (
  spanId: string,
  service: string,
  startMicros: number,
  durationMicros: number,
  more: Partial<StoredSpan> = {},
): StoredSpan => ({
  spanId,
  service,
  operation: `${service} op`,
  startMicros,
  durationMicros,
  error: false,
  attributes: { 'http.route': `/${service}` },
  resource: {
    'service.name': service,
    ...(service === 'storefront'
      ? {}
      : {
          'k8s.namespace.name': `${service.split('-')[0]}-dev`,
          'k8s.pod.name': `${service}-abc`,
          'deployment.environment.name': 'dev',
        }),
  },
  ...more,
});

/** storefront → checkout-api → payments-api (failed), checkout-api failing because of it */
const failing: StoredTrace = {
  traceId: 'a'.repeat(32),
  spans: [
    span('p1', 'payments-api', 1_020, 50, {
      parentSpanId: 'c1',
      error: true,
      statusMessage: 'card processor unavailable',
      resource: { 'k8s.namespace.name': 'checkout-dev' },
    }),
    span('c1', 'checkout-api', 1_010, 80, {
      parentSpanId: 's1',
      error: true,
      statusMessage: 'upstream unavailable',
    }),
    span('s1', 'storefront', 1_000, 100, { error: true }),
  ],
};

const checkoutReaders: SpanReaders = {
  service: 'checkout-api',
  ownNamespaces: new Set(['checkout-dev']),
  readable: new Set(['payments-api', 'storefront']),
};
const place = {
  cluster: 'local',
  namespace: 'checkout-dev',
  environment: 'dev',
};

describe('traceView', () => {
  it('finds the failed span where the failure began', () => {
    expect(rootCauseSpan(failing.spans)?.spanId).toBe('p1');
    expect(rootCauseSpan([span('x', 'checkout-api', 0, 1)])).toBeUndefined();
  });

  it("summarizes a trace around the entity's own span", () => {
    expect(summarizeTrace(failing, checkoutReaders, place)).toEqual({
      ...place,
      traceId: failing.traceId,
      start: 1_000,
      duration: 100,
      rootService: 'storefront',
      rootOperation: 'storefront op',
      operation: 'checkout-api op',
      spanDuration: 80,
      error: true,
      failedSpan: {
        service: 'payments-api',
        operation: 'payments-api op',
        message: 'card processor unavailable',
      },
      spanCount: 3,
      services: ['storefront', 'checkout-api', 'payments-api'],
    });
  });

  it('names neither the root operation nor the failed span of services the caller may not read', () => {
    const summary = summarizeTrace(
      failing,
      { ...checkoutReaders, readable: new Set() },
      place,
    )!;
    expect(summary.rootService).toBe('storefront');
    expect(summary).not.toHaveProperty('rootOperation');
    expect(summary).not.toHaveProperty('failedSpan');
    expect(summary.error).toBe(true);
  });

  it('has no line for a trace without a span of the service in the environment', () => {
    expect(
      summarizeTrace(failing, checkoutReaders, {
        ...place,
        namespace: 'checkout-production',
      }),
    ).toBeUndefined();
  });

  it('shows spans of services the caller may not read as service and timing only', () => {
    const spans = viewTrace(failing, {
      service: 'checkout-api',
      ownNamespaces: new Set(['checkout-dev']),
      readable: new Set(['storefront']),
    });
    expect(spans.map(s => s.spanId)).toEqual(['s1', 'c1', 'p1']);
    expect(spans[2]).toEqual({
      spanId: 'p1',
      parentSpanId: 'c1',
      service: 'payments-api',
      start: 1_020,
      duration: 50,
      opaque: true,
    });
    expect(spans[1]).toMatchObject({
      opaque: false,
      operation: 'checkout-api op',
      error: true,
      statusMessage: 'upstream unavailable',
      attributes: { 'http.route': '/checkout-api' },
      place: {
        namespace: 'checkout-dev',
        pod: 'checkout-api-abc',
        environment: 'dev',
      },
    });
  });

  it("treats the service's own name in another team's namespace as someone else's span", () => {
    const spans = viewTrace(
      {
        traceId: 'b'.repeat(32),
        spans: [
          span('o1', 'checkout-api', 0, 10, {
            resource: { 'k8s.namespace.name': 'other-team-dev' },
          }),
        ],
      },
      checkoutReaders,
    );
    expect(spans[0].opaque).toBe(true);
  });

  it('orders parents before children that start at the same moment', () => {
    const spans = viewTrace(
      {
        traceId: 'c'.repeat(32),
        spans: [
          span('child', 'payments-api', 5, 1, { parentSpanId: 'parent' }),
          span('parent', 'checkout-api', 5, 3),
        ],
      },
      checkoutReaders,
    );
    expect(spans.map(s => s.spanId)).toEqual(['parent', 'child']);
  });
});
