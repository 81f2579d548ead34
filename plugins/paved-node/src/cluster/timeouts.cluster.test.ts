import { KubernetesClient } from './KubernetesClient';
import { DEFAULT_PAVED_LIMITS } from '../limits/readLimits';
import { UpstreamTimeoutError } from '../limits/errors';
import { PrometheusClient } from '../observe/prometheus';
import {
  localClusterEnv,
  localClusterRegistry,
  rejectionOf,
  startStoppableForwarder,
  StoppableForwarder,
} from '../testUtils';

// Talks to the local cluster and its Prometheus, each time through a forwarder of this test's own that it
// stops: the shared API server and Prometheus keep running for the other suites.
jest.setTimeout(60_000);

const TIMEOUT_MS = 1500;
const limits = {
  ...DEFAULT_PAVED_LIMITS,
  timeouts: {
    ...DEFAULT_PAVED_LIMITS.timeouts,
    kubernetesMs: TIMEOUT_MS,
    kubernetesConnectMs: TIMEOUT_MS,
  },
};

/** Milliseconds `promise` takes to settle, and its rejection. */
async function timed(promise: Promise<unknown>) {
  const start = performance.now();
  const error = await rejectionOf(promise);
  return { error, ms: performance.now() - start };
}

describe('timeouts of outbound calls', () => {
  let forwarder: StoppableForwarder | undefined;
  afterEach(async () => {
    await forwarder?.close();
    forwarder = undefined;
  });

  it('names the cluster and the call when the API server accepts connections but does not answer', async () => {
    const env = localClusterEnv();
    forwarder = await startStoppableForwarder(env.PAVED_KUBE_API);
    const stalled = await KubernetesClient.create(
      {
        name: 'stalled',
        url: `https://${forwarder.address}`,
        caFile: env.PAVED_KUBE_CA,
        skipTLSVerify: false,
        token: env.PAVED_BACKSTAGE_TOKEN,
        impersonate: false,
      },
      undefined,
      limits,
    );
    // through the running forwarder the API server answers, and the connection stays open for reuse
    await expect(stalled.request({ path: '/version' })).resolves.toMatchObject({
      major: expect.any(String),
    });

    forwarder.stop();
    const path = '/api/v1/namespaces/default/pods';
    const short = await timed(stalled.request({ path }));
    expect(short.error).toBeInstanceOf(UpstreamTimeoutError);
    expect((short.error as Error).message).toBe(
      `Kubernetes API server of cluster "stalled" did not answer GET ${path} within ${TIMEOUT_MS} ms (paved.limits.timeouts.kubernetesMs)`,
    );
    expect(
      (short.error as UpstreamTimeoutError & { statusCode: number }).statusCode,
    ).toBe(504);
    expect(short.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(short.ms).toBeLessThan(TIMEOUT_MS + 3000);

    // a long-lived stream's new connection (the kernel accepts it, TLS never completes) times out too
    const follow = await timed(
      stalled.stream({
        path: `${path}/nothing/log`,
        query: { follow: true },
        longLived: true,
        context: 'following logs of default/nothing/app',
      }),
    );
    expect((follow.error as Error).message).toBe(
      `following logs of default/nothing/app: Kubernetes API server of cluster "stalled" did not take the connection for GET ${path}/nothing/log within ${TIMEOUT_MS} ms (paved.limits.timeouts.kubernetesConnectMs)`,
    );
    expect(follow.ms).toBeLessThan(TIMEOUT_MS + 3000);

    // meanwhile the API server itself answers other clients at once
    const local = await localClusterRegistry().client('local');
    const start = performance.now();
    await expect(local.request({ path: '/version' })).resolves.toBeDefined();
    expect(performance.now() - start).toBeLessThan(TIMEOUT_MS);

    // and once the forwarder runs again, so does the stalled client
    forwarder.resume();
    await expect(stalled.request({ path: '/version' })).resolves.toBeDefined();
  });

  it('names Prometheus when it accepts connections but does not answer', async () => {
    const env = localClusterEnv();
    forwarder = await startStoppableForwarder(env.PAVED_PROMETHEUS_URL);
    const url = `http://${forwarder.address}`;
    const prometheus = new PrometheusClient(url, { timeoutMs: TIMEOUT_MS });
    const range = { start: 1_700_000_000, end: 1_700_000_600, step: 60 };
    await expect(prometheus.queryRange('up', range)).resolves.toEqual(
      expect.any(Array),
    );

    forwarder.stop();
    const { error, ms } = await timed(prometheus.queryRange('up', range));
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toBe(
      `Prometheus at ${url} did not answer a range query within ${TIMEOUT_MS} ms (paved.limits.timeouts.prometheusMs)`,
    );
    expect(ms).toBeLessThan(TIMEOUT_MS + 3000);
    // the real Prometheus answers meanwhile
    await expect(
      new PrometheusClient(env.PAVED_PROMETHEUS_URL, {
        timeoutMs: TIMEOUT_MS,
      }).queryRange('up', range),
    ).resolves.toEqual(expect.any(Array));
  });
});
