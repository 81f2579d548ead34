import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  ClusterRegistry,
  DEFAULT_PAVED_LIMITS,
  PrometheusClient,
  hasMatchingPod,
} from '@paved/plugin-paved-node';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import { component } from '../__testUtils__/startPavedBackend';
import { signalWindow } from './goldenSignalQueries';
import { MetricsService } from './MetricsService';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
  hasMatchingPod: jest.fn(),
}));

const identity = { user: 'user:default/ann', groups: ['group:default/shop'] };
const shop = component('shop', 'shop', 'shop');
const START = 1_764_900_000;

/** Metrics of clusters `a` (with a Prometheus) and `b` (without), their queries answered by `answer`. */
function metrics(
  answer: (
    query: string,
    range: { start: number; end: number; step: number },
  ) => Promise<Array<{ labels: Record<string, string>; points: any[] }>>,
) {
  const fake = fakeClusters({ a: ['shop-dev', 'shop-prod'], b: ['shop-qa'] });
  const clusters = {
    ...fake,
    list: () => [
      { name: 'a', prometheusUrl: 'http://prometheus.a.test' },
      { name: 'b' },
    ],
  } as unknown as ClusterRegistry;
  const queryRange = jest
    .spyOn(PrometheusClient.prototype, 'queryRange')
    .mockImplementation(answer);
  jest.mocked(hasMatchingPod).mockResolvedValue(true);
  const service = MetricsService.fromConfig(mockServices.rootConfig(), {
    clusters,
    limits: DEFAULT_PAVED_LIMITS,
  });
  return { service, queryRange };
}

afterEach(() => jest.restoreAllMocks());

describe('signalWindow', () => {
  it('keeps the presets, ending now', () => {
    expect(signalWindow({ range: '1h' }, START)).toEqual({
      start: START - 3600,
      end: START,
      step: 60,
      rate: '2m',
    });
    expect(() => signalWindow({ range: '2d' }, START)).toThrow(
      'range: use one of 15m, 1h, 6h, 24h',
    );
  });

  it('gives a custom window at most 120 points, whole minutes over 2 hours', () => {
    const of = (seconds: number) =>
      signalWindow({ range: '1h', start: START, end: START + seconds }, 0);
    expect(of(600)).toMatchObject({ step: 15, rate: '60s' });
    expect(of(3600)).toMatchObject({ step: 30, rate: '60s' });
    expect(of(7200)).toMatchObject({ step: 60, rate: '60s' });
    // 3 h / 120 = 90 s, rounded up to 2 minutes
    expect(of(3 * 3600)).toMatchObject({ step: 120, rate: '120s' });
    expect(of(7 * 24 * 3600)).toMatchObject({ step: 5040 });
    for (const seconds of [600, 3600, 7200, 3 * 3600, 86_400, 604_800]) {
      const w = of(seconds);
      expect(w.start).toBe(START);
      expect(w.end).toBe(START + seconds);
      expect(seconds / w.step).toBeLessThanOrEqual(120);
    }
  });
});

describe('MetricsService', () => {
  it('queries a custom window from start to end, which wins over the range', async () => {
    const { service, queryRange } = metrics(async (_q, range) => [
      {
        labels: { namespace: 'shop-dev' },
        points: [[range.start, 1]],
      },
    ]);
    const answer = await service.goldenSignals(shop, identity, {
      range: '15m',
      start: START,
      end: START + 3 * 3600,
    });
    expect(answer.step).toBe(120);
    expect(queryRange).toHaveBeenCalledTimes(5);
    for (const [query, range] of queryRange.mock.calls) {
      expect(range).toEqual({ start: START, end: START + 3 * 3600, step: 120 });
      expect(query).toContain('[120s]');
    }
    expect(answer.series.filter(s => s.namespace === 'shop-dev')).toHaveLength(
      5,
    );
  });

  it('ends a preset range on a multiple of 15 s and shares its signals with the users asking within it', async () => {
    const { service, queryRange } = metrics(async (_q, range) => [
      { labels: { namespace: 'shop-dev' }, points: [[range.end, 1]] },
    ]);
    // START is a multiple of 15 s
    const at = (seconds: number) => ({
      range: '1h',
      now: (START + seconds) * 1000,
    });
    const first = await service.goldenSignals(shop, identity, at(14));
    expect(queryRange).toHaveBeenCalledTimes(5);
    for (const [, range] of queryRange.mock.calls) {
      expect(range).toEqual({ start: START - 3600, end: START, step: 60 });
    }
    const other = { user: 'user:default/bo', groups: ['group:default/shop'] };
    await expect(service.goldenSignals(shop, other, at(3))).resolves.toEqual(
      first,
    );
    expect(queryRange).toHaveBeenCalledTimes(5);
    // the next multiple is a new window, asked for again
    await service.goldenSignals(shop, identity, at(15));
    expect(queryRange).toHaveBeenCalledTimes(10);
    expect(queryRange.mock.calls[9][1]).toEqual({
      start: START + 15 - 3600,
      end: START + 15,
      step: 60,
    });
  });

  it('compares error ratio and p95 over the window with the period before it', async () => {
    const end = START + 3600;
    const { service, queryRange } = metrics(async (query, range) => {
      const errors = query.includes('code=~"5.."');
      return [
        {
          labels: { namespace: 'shop-dev' },
          points: errors
            ? [
                [range.start, 0.01],
                [range.end, 0.123456],
              ]
            : [[range.end, 0.25]],
        },
      ];
    });
    const found = await service.periodComparison(
      shop,
      [
        { cluster: 'a', namespace: 'shop-dev' },
        { cluster: 'a', namespace: 'shop-prod' },
        { cluster: 'b', namespace: 'shop-qa' },
      ],
      { start: START, end },
    );
    // one query per signal over both namespaces of a, two points: the period before at start, the window at end
    expect(queryRange).toHaveBeenCalledTimes(2);
    for (const [query, range] of queryRange.mock.calls) {
      expect(range).toEqual({ start: START, end, step: 3600 });
      expect(query).toContain('[3600s]');
      expect(query).toContain('namespace=~"shop-dev|shop-prod"');
    }
    expect(found.byEnvironment.get('a/shop-dev')).toEqual({
      errorRatio: { now: 0.12346, previous: 0.01 },
      p95Seconds: { now: 0.25, previous: null },
    });
    expect(found.byEnvironment.get('a/shop-prod')).toEqual({
      errorRatio: { now: null, previous: null },
      p95Seconds: { now: null, previous: null },
    });
    expect(found.byEnvironment.has('b/shop-qa')).toBe(false);
    expect(found.unmonitored).toEqual(['b']);
    // the same comparison again within its time asks Prometheus nothing more
    await expect(
      service.periodComparison(
        shop,
        [
          { cluster: 'b', namespace: 'shop-qa' },
          { cluster: 'a', namespace: 'shop-prod' },
          { cluster: 'a', namespace: 'shop-dev' },
        ],
        { start: START, end },
      ),
    ).resolves.toEqual(found);
    expect(queryRange).toHaveBeenCalledTimes(2);
    expect(found.unavailable).toEqual([]);
  });

  it('names a Prometheus that does not answer instead of failing', async () => {
    const { service } = metrics(async () => {
      throw new ServiceUnavailableError(
        'Prometheus at http://prometheus.a.test is unreachable (connect ECONNREFUSED)',
      );
    });
    const found = await service.periodComparison(
      shop,
      [{ cluster: 'a', namespace: 'shop-dev' }],
      { start: START, end: START + 600 },
    );
    expect(found.byEnvironment.size).toBe(0);
    expect(found.unavailable).toEqual([
      {
        cluster: 'a',
        kind: 'prometheus-unreachable',
        reason: expect.stringContaining('connect ECONNREFUSED'),
      },
    ]);
  });
});
