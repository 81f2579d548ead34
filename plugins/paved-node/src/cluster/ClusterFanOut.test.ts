import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { UpstreamTimeoutError } from '../limits/errors';
import { ClusterFanOut } from './ClusterFanOut';
import { clusterCredentialsRefused } from './errors';
import { ClusterUnavailableError } from './unavailable';

const LIMITS = {
  concurrency: 2,
  clusterTimeoutMs: 1000,
  breakerFailures: 2,
  breakerCooldownMs: 30_000,
};

const items = [
  { cluster: 'local', ns: 'shop-dev' },
  { cluster: 'two', ns: 'shop-stage' },
  { cluster: 'local', ns: 'shop-prod' },
  { cluster: 'two', ns: 'shop-qa' },
];

describe('ClusterFanOut', () => {
  let now = 0;
  const fanOut = () => ClusterFanOut.create(LIMITS, { now: () => now });
  afterEach(() => jest.useRealTimers());

  it('answers the clusters that answer and names the one that is unreachable, asking it once', async () => {
    const f = fanOut();
    const asked: string[] = [];
    const { results, unavailable } = await f.map(
      items,
      i => i.cluster,
      async i => {
        asked.push(i.ns);
        if (i.cluster === 'two') {
          throw new ServiceUnavailableError(
            'cluster "two" at https://127.0.0.1:7443 is unreachable (connect ECONNREFUSED)',
          );
        }
        return `${i.ns}-pods`;
      },
    );
    expect(results.map(r => r.value)).toEqual([
      'shop-dev-pods',
      'shop-prod-pods',
    ]);
    expect(unavailable).toEqual([
      {
        cluster: 'two',
        kind: 'unreachable',
        reason:
          'cluster "two" at https://127.0.0.1:7443 is unreachable (connect ECONNREFUSED)',
      },
    ]);
    expect(
      asked.filter(ns => ns === 'shop-qa' || ns === 'shop-stage'),
    ).toHaveLength(1);
  });

  it('runs at most `concurrency` calls at once', async () => {
    const f = fanOut();
    let running = 0;
    let most = 0;
    await f.map(
      items,
      () => 'local',
      async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise(r => setTimeout(r, 5));
        running -= 1;
      },
    );
    expect(most).toBe(2);
  });

  it('leaves out a cluster that does not answer within the per-cluster timeout', async () => {
    jest.useFakeTimers();
    const f = fanOut();
    const answer = f.map(
      items.slice(0, 2),
      i => i.cluster,
      i =>
        i.cluster === 'two'
          ? new Promise<string>(() => {})
          : Promise.resolve('ok'),
    );
    await jest.advanceTimersByTimeAsync(1000);
    const { results, unavailable } = await answer;
    expect(results.map(r => r.item.cluster)).toEqual(['local']);
    expect(unavailable).toEqual([
      {
        cluster: 'two',
        kind: 'timeout',
        reason:
          'cluster "two" did not answer within 1000 ms (paved.limits.fanOut.clusterTimeoutMs)',
      },
    ]);
  });

  it('fails fast once the breaker is open, and probes after the cool-down', async () => {
    const f = fanOut();
    const down = jest.fn(async () => {
      throw new UpstreamTimeoutError(
        'API server of cluster two did not answer',
      );
    });
    for (let i = 0; i < 2; i++) {
      await expect(f.call('two', down)).rejects.toMatchObject({
        unavailable: { cluster: 'two', kind: 'timeout' },
      });
    }
    const error = await f.call('two', down).catch(e => e);
    expect(error).toBeInstanceOf(ClusterUnavailableError);
    expect(error.unavailable).toEqual({
      cluster: 'two',
      kind: 'circuit-open',
      reason:
        'cluster two failed 2 time(s) in a row (last: API server of cluster two did not answer); Paved does not ask it again for about 30 s (paved.limits.fanOut.breakerCooldownMs)',
    });
    expect(down).toHaveBeenCalledTimes(2);
    now += 30_000;
    await expect(f.call('two', async () => 'back')).resolves.toBe('back');
    expect(f.breaker.state('two').state).toBe('closed');
  });

  it('names a cluster that refuses Paved\u2019s credentials as forbidden', async () => {
    const f = fanOut();
    const { unavailable } = await f.map(
      ['two'],
      c => c,
      async () => {
        throw clusterCredentialsRefused(
          'two',
          401,
          { message: 'Unauthorized', reason: 'Unauthorized' },
          'GET /api/v1/namespaces',
        );
      },
    );
    expect(unavailable).toEqual([
      {
        cluster: 'two',
        kind: 'forbidden',
        reason:
          "cluster two refused Paved's credentials (401 Unauthorized): GET /api/v1/namespaces: Unauthorized; renew the token in paved.clusters (name: two) or the cluster's serviceAccountToken under kubernetes.clusterLocatorMethods",
      },
    ]);
  });

  it('passes on errors the cluster answered with, and counts them as answers', async () => {
    const f = fanOut();
    f.breaker.failure('local');
    await expect(
      f.map(
        items,
        i => i.cluster,
        async () => {
          throw new NotAllowedError('user:default/ann may not list pods');
        },
      ),
    ).rejects.toThrow(NotAllowedError);
    expect(f.breaker.state('local').failures).toBe(0);
  });
});
