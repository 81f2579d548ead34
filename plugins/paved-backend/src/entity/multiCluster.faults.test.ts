import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  ApplyEngine,
  ClusterRegistry,
  EnvironmentService,
  KubernetesClient,
  readGuardrailPolicy,
} from '@paved/plugin-paved-node';
import {
  clusterDir,
  localAdminClient,
  localClusterEnv,
  repoRoot,
  waitFor,
} from '@paved/plugin-paved-node/testUtils';
import request from 'supertest';
import {
  component,
  startPavedBackend,
} from '../__testUtils__/startPavedBackend';

/*
 * Many clusters, and faults of one of them. A test backend reads the primary cluster (.cluster, paved-local;
 * only read) and the named cluster `two` (.cluster-two, paved-two), where team-checkout has environments on
 * both (the demo's). It checks that overview, logs, events, metrics and cost show both clusters, and that an
 * environment of paved-local clones onto paved-two, where its workloads run. Then, on cluster `two` only:
 *
 * - Paved's token for two is revoked (a ServiceAccount made for this test is deleted): the entity views
 *   answer 200 with paved-local's data and name paved-two as `forbidden` (its refusal of Paved's
 *   credentials, and where to renew the token); a route about one environment on two answers 403 naming it.
 * - two's Prometheus is killed (SIGKILL of .cluster-two/pids/prometheus.pid): golden signals and cost name
 *   paved-two as `prometheus-unreachable` ("Prometheus of cluster paved-two unreachable"), the overview
 *   still shows both clusters, cost notes say what cannot be shown.
 * - two's API server is paused (SIGSTOP of .cluster-two/pids/kube-apiserver.pid; SIGCONT afterwards): the
 *   entity views answer 200 with paved-local's data and name paved-two as `timeout` within the per-cluster
 *   timeout; after `breakerFailures` failed calls its breaker is open and every view answers at once
 *   (`circuit-open`; both measured).
 * - two's API server is killed (SIGKILL of the same pid): every entity view answers 200 with paved-local's
 *   data and names paved-two (unreachable).
 *
 * afterAll resumes a paused API server, runs `tools/cluster/up.sh --name two` (which starts the killed
 * components again), waits for its API server and removes what the test made there (the clone, the
 * ServiceAccount and its bindings).
 */
jest.setTimeout(900_000);

const NAME = 'two';
const CLUSTER_TIMEOUT_MS = 5_000;
const BREAKER_FAILURES = 2;
const PRICES = {
  cpuCoreHour: 0.0316,
  memoryGiBHour: 0.0042,
  storageGiBMonth: 0.1,
  loadBalancerHour: 0.025,
  currency: 'USD',
  idleSharing: false,
};
const TEAM = 'group:default/team-checkout';
const bob = mockCredentials.user.header('user:default/bob');
const entities = [
  component('checkout-api', 'team-checkout', 'checkout-api'),
  component('payments-api', 'team-checkout', 'payments-api'),
];
const view = (name: string, route: string) =>
  `/api/paved/entities/default/component/${name}/${route}`;
const COST = '/api/paved/entities/default/component/checkout-api/cost';

type Server = Awaited<ReturnType<typeof startPavedBackend>>;

/** The pid of one component of cluster two, checked to be that component's process. */
function componentPid(part: string): number {
  const file = path.join(clusterDir(NAME), 'pids', `${part}.pid`);
  const pid = Number(fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  if (!cmdline.includes(part)) {
    throw new Error(`pid ${pid} in ${file} is not ${part}`);
  }
  return pid;
}

function alive(part: string): boolean {
  try {
    process.kill(componentPid(part), 0);
    return true;
  } catch {
    return false;
  }
}

/** Short timeouts and a quick breaker, for the backend that sees two's API server killed. */
const FAULT_LIMITS = {
  timeouts: { kubernetesMs: 3_000, kubernetesRetryMs: 1_000 },
  fanOut: {
    clusterTimeoutMs: CLUSTER_TIMEOUT_MS,
    breakerFailures: BREAKER_FAILURES,
    breakerCooldownMs: 600_000,
  },
};

/**
 * The backend's config: both clusters with Paved's token for two given, prices for both, and `limits`
 * (`paved.limits`; the defaults when absent, so that a slow moment of a busy machine opens no breaker).
 */
function twoClusterConfig(twoToken: string, limits: object = {}) {
  const one = localClusterEnv();
  const two = localClusterEnv(NAME);
  const cluster = (env: typeof one) => ({
    name: env.PAVED_CLUSTER_NAME,
    url: env.PAVED_KUBE_API,
    caFile: env.PAVED_KUBE_CA,
    serviceAccountToken: env.PAVED_BACKSTAGE_READER_TOKEN,
  });
  const paved = (env: typeof one, token: string) => ({
    name: env.PAVED_CLUSTER_NAME,
    serviceAccountToken: token,
    impersonate: true,
    prometheusUrl: env.PAVED_PROMETHEUS_URL,
    prometheusScrapeIntervalSeconds: 15,
  });
  return {
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'config', clusters: [cluster(one), cluster(two)] },
      ],
    },
    paved: {
      clusters: [paved(one, one.PAVED_BACKSTAGE_TOKEN), paved(two, twoToken)],
      cost: {
        prices: {
          [one.PAVED_CLUSTER_NAME]: PRICES,
          [two.PAVED_CLUSTER_NAME]: PRICES,
        },
      },
      limits,
    },
  };
}

/** GETs `url` as bob, with the time the answer took. */
async function timedGet(server: Server, url: string) {
  const started = Date.now();
  const res = await request(server).get(url).set('Authorization', bob);
  return { res, ms: Date.now() - started };
}

/** Polls `url` until its 200 answer passes `match`. */
async function answerWhere(
  server: Server,
  url: string,
  what: string,
  match: (body: any) => boolean,
  timeoutMs = 180_000,
) {
  return waitFor(
    async () => {
      const { res, ms } = await timedGet(server, url);
      if (res.status !== 200) {
        throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body)}`);
      }
      return match(res.body) ? { body: res.body, ms } : undefined;
    },
    { timeoutMs, intervalMs: 1_000, what },
  );
}

const clustersOf = (items: Array<{ cluster: string }> | undefined) =>
  [...new Set((items ?? []).map(i => i.cluster))].sort();

describe('many clusters: paved-local and paved-two, and faults of two', () => {
  const run = randomBytes(3).toString('hex');
  const one = localClusterEnv();
  const two = localClusterEnv(NAME);
  const LOCAL = one.PAVED_CLUSTER_NAME;
  const TWO = two.PAVED_CLUSTER_NAME;
  const BOTH = [LOCAL, TWO].sort();
  const serviceAccount = `paved-fault-${run}`;
  const backendRoles = [
    'paved:backend-reader',
    'paved:backend-impersonator',
    'paved:backend-environments',
  ];
  const bindingName = (role: string) =>
    `${serviceAccount}-${role.replace(/:/g, '-')}`;
  const cloneName = `mc${run}`;
  const cloneNamespace = `checkout-${cloneName}`;
  let admin2: KubernetesClient;
  let server: Server;

  beforeAll(async () => {
    admin2 = await localAdminClient(NAME);
    server = await startPavedBackend({
      entities,
      teams: { 'user:default/bob': [TEAM] },
      config: twoClusterConfig(two.PAVED_BACKSTAGE_TOKEN),
    });
  });

  afterAll(async () => {
    try {
      // a paused API server is resumed first (a stopped process still counts as alive)
      process.kill(componentPid('kube-apiserver'), 'SIGCONT');
    } catch {
      // not running: up.sh starts it
    }
    const components = [
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
      'prometheus',
    ];
    if (!components.every(alive)) {
      execFileSync(
        'bash',
        [path.join(repoRoot(), 'tools', 'cluster', 'up.sh'), '--name', NAME],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
    }
    admin2 = await localAdminClient(NAME);
    await waitFor(() => admin2.request({ path: '/version' }).then(() => true), {
      timeoutMs: 180_000,
      what: `the API server of cluster ${TWO} to be ready again`,
    });
    const remove = (p: string) =>
      admin2.request({ method: 'DELETE', path: p }).catch(() => undefined);
    await remove(`/api/v1/namespaces/${cloneNamespace}`);
    await remove(
      `/api/v1/namespaces/paved-system/serviceaccounts/${serviceAccount}`,
    );
    for (const role of backendRoles) {
      await remove(
        `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${bindingName(
          role,
        )}`,
      );
    }
  });

  it('shows the environments of both clusters in the overview, logs, events, metrics and cost', async () => {
    const overview = await answerWhere(
      server,
      view('checkout-api', 'overview'),
      'checkout-api running on both clusters',
      body =>
        clustersOf(
          body.workloads.filter((w: any) => w.name === 'checkout-api'),
        ).join() === BOTH.join(),
    );
    expect(overview.body.unavailableClusters).toBeUndefined();
    expect(overview.body.clusters).toEqual(
      expect.arrayContaining([
        { name: LOCAL, reachable: true },
        { name: TWO, reachable: true },
      ]),
    );
    for (const cluster of BOTH) {
      expect(
        overview.body.environments
          .filter((e: any) => e.cluster === cluster)
          .map((e: any) => e.namespace),
      ).toEqual(
        expect.arrayContaining(['checkout-dev', 'checkout-production']),
      );
    }

    const logs = await answerWhere(
      server,
      // an answer names the containers of its newest lines: enough lines that both clusters' are among them
      view('checkout-api', 'logs?tail=2000'),
      'log sources of checkout-api on both clusters',
      body => clustersOf(body.sources).join() === BOTH.join(),
    );
    expect(logs.body.unavailableClusters).toBeUndefined();

    // the demo's crash loop writes events on both clusters all the time
    const events = await answerWhere(
      server,
      view('payments-api', 'events'),
      'events of payments-api on both clusters',
      body => clustersOf(body.events).join() === BOTH.join(),
    );
    expect(events.body.unavailableClusters).toBeUndefined();

    const current = await answerWhere(
      server,
      view('checkout-api', 'metrics/current'),
      'pod metrics of checkout-api on both clusters',
      body => clustersOf(body.pods).join() === BOTH.join(),
    );
    expect(current.body.unavailableClusters).toBeUndefined();

    const signals = await answerWhere(
      server,
      view('checkout-api', 'metrics/golden-signals?range=15m'),
      'a request rate of checkout-api on both clusters',
      body =>
        clustersOf(
          body.series.filter(
            (s: any) =>
              s.signal === 'requestRate' &&
              s.values.some((v: number | null) => v !== null && v > 0),
          ),
        ).join() === BOTH.join(),
    );
    expect(signals.body.unavailableClusters).toBeUndefined();

    const cost = await answerWhere(
      server,
      COST,
      'a cost of checkout-api on both clusters',
      body =>
        clustersOf(
          body.byEnvironment.filter((line: any) => line.total > 0),
        ).join() === BOTH.join(),
      300_000,
    );
    expect(cost.body.unavailableClusters).toBeUndefined();
  });

  it(`clones checkout-dev of paved-local onto paved-two, where its workloads run`, async () => {
    const registry = ClusterRegistry.fromClusters([
      {
        name: LOCAL,
        url: one.PAVED_KUBE_API,
        caFile: one.PAVED_KUBE_CA,
        skipTLSVerify: false,
        token: one.PAVED_BACKSTAGE_TOKEN,
        impersonate: true,
      },
      {
        name: TWO,
        url: two.PAVED_KUBE_API,
        caFile: two.PAVED_KUBE_CA,
        skipTLSVerify: false,
        token: two.PAVED_BACKSTAGE_TOKEN,
        impersonate: true,
      },
    ]);
    const engine = new ApplyEngine(
      registry,
      readGuardrailPolicy(
        new ConfigReader({ paved: { guardrails: { requireProbes: false } } }),
      ),
    );
    const environments = EnvironmentService.fromConfig(new ConfigReader({}), {
      clusters: registry,
      engine,
    });
    // the source as it is now: other suites' golden paths may have added workloads to checkout-dev
    const admin1 = await localAdminClient();
    const source = await admin1.request<{ items: any[] }>({
      path: '/apis/apps/v1/namespaces/checkout-dev/deployments',
    });
    const sourceNames = source.items.map(d => d.metadata.name).sort();
    expect(sourceNames).toEqual(
      expect.arrayContaining(['checkout-api', 'checkout-worker']),
    );
    const lines: string[] = [];
    const result = await environments.clone({
      cluster: LOCAL,
      targetCluster: TWO,
      source: 'checkout-dev',
      target: {
        name: cloneName,
        team: TEAM,
        size: 'small',
        lifecycle: 'ephemeral',
        ttlHours: 2,
      },
      actor: { user: 'user:default/bob', groups: [TEAM] },
      replicas: 1,
      wait: true,
      timeoutMs: 300_000,
      log: line => lines.push(line),
    });
    expect(result.namespace).toBe(cloneNamespace);
    // the copies run on two, and nothing of the clone is on the source's cluster
    const deployments = await admin2.request<{ items: any[] }>({
      path: `/apis/apps/v1/namespaces/${cloneNamespace}/deployments`,
    });
    expect(deployments.items.map(d => d.metadata.name).sort()).toEqual(
      sourceNames,
    );
    for (const d of deployments.items) {
      expect(d.status.readyReplicas).toBe(1);
    }
    await expect(
      admin1.request({ path: `/api/v1/namespaces/${cloneNamespace}` }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
    // and the backend shows the new environment on paved-two
    await answerWhere(
      server,
      view('checkout-api', 'overview'),
      `the clone ${cloneNamespace} on ${TWO} in the overview`,
      body =>
        body.workloads.some(
          (w: any) =>
            w.cluster === TWO &&
            w.namespace === cloneNamespace &&
            w.name === 'checkout-api' &&
            w.ready === 1,
        ),
      60_000,
    );
  });

  it('names paved-two as forbidden when its token for Paved is revoked, and a read of one of its environments is a 403 naming it', async () => {
    // a token of a ServiceAccount of this test, with the rights of Paved's own, revoked by deleting it
    await admin2.request({
      method: 'POST',
      path: '/api/v1/namespaces/paved-system/serviceaccounts',
      body: {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: serviceAccount },
      },
    });
    for (const role of backendRoles) {
      await admin2.request({
        method: 'POST',
        path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        body: {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: bindingName(role) },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: role,
          },
          subjects: [
            {
              kind: 'ServiceAccount',
              name: serviceAccount,
              namespace: 'paved-system',
            },
          ],
        },
      });
    }
    const { status } = await admin2.request<{ status: { token: string } }>({
      method: 'POST',
      path: `/api/v1/namespaces/paved-system/serviceaccounts/${serviceAccount}/token`,
      body: {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      },
    });
    const revocable = await startPavedBackend({
      entities,
      teams: { 'user:default/bob': [TEAM] },
      config: twoClusterConfig(status.token),
    });
    // with the token valid, two is read
    await answerWhere(
      revocable,
      view('checkout-api', 'overview'),
      'both clusters read with the revocable token',
      body =>
        !body.unavailableClusters &&
        clustersOf(body.environments).join() === BOTH.join(),
    );

    await admin2.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/paved-system/serviceaccounts/${serviceAccount}`,
    });
    const refusal = new RegExp(
      `cluster ${TWO} refused Paved's credentials \\(401[^)]*\\): .*; renew the token in paved\\.clusters \\(name: ${TWO}\\)`,
    );
    const overview = await answerWhere(
      revocable,
      view('checkout-api', 'overview'),
      `${TWO} named as forbidden`,
      body => body.unavailableClusters?.[0]?.kind === 'forbidden',
      60_000,
    );
    expect(overview.body.unavailableClusters).toEqual([
      {
        cluster: TWO,
        kind: 'forbidden',
        reason: expect.stringMatching(refusal),
      },
    ]);
    expect(clustersOf(overview.body.environments)).toEqual([LOCAL]);
    expect(
      overview.body.clusters.find((c: any) => c.name === TWO),
    ).toMatchObject({
      reachable: false,
      error: expect.stringMatching(refusal),
    });
    // the other views answer with paved-local's data; the breaker may be open by now, naming the refusal still
    for (const url of [
      view('checkout-api', 'logs?tail=5'),
      view('payments-api', 'events'),
      view('checkout-api', 'metrics/current'),
    ]) {
      const { res } = await timedGet(revocable, url);
      expect(res.status).toBe(200);
      expect(res.body.unavailableClusters).toEqual([
        {
          cluster: TWO,
          kind: expect.stringMatching(/^(forbidden|circuit-open)$/),
          reason: expect.stringContaining(
            `cluster ${TWO} refused Paved's credentials (401`,
          ),
        },
      ]);
    }
    // a read about one environment of two cannot answer in part: 403 naming the cluster and the fix
    const { res } = await timedGet(
      revocable,
      `/api/paved/environments/${TWO}/checkout-dev/secrets`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(refusal);
  });

  describe('Prometheus of paved-two killed', () => {
    beforeAll(() => {
      process.kill(componentPid('prometheus'), 'SIGKILL');
    });

    it('golden signals and cost say that Prometheus of paved-two is unreachable; the rest of the page works', async () => {
      const prometheusDown = (body: any) =>
        body.unavailableClusters?.some(
          (u: any) => u.cluster === TWO && u.kind === 'prometheus-unreachable',
        );
      const signals = await answerWhere(
        server,
        view('checkout-api', 'metrics/golden-signals?range=15m'),
        `golden signals naming ${TWO}'s Prometheus`,
        prometheusDown,
        60_000,
      );
      expect(signals.body.unavailableClusters).toEqual([
        {
          cluster: TWO,
          kind: 'prometheus-unreachable',
          reason: expect.stringMatching(
            new RegExp(`^Prometheus of cluster ${TWO} unreachable: `),
          ),
        },
      ]);
      expect(clustersOf(signals.body.series)).toEqual([LOCAL]);

      // cost input is cached for a minute: the answer names the Prometheus once the cache has expired
      const cost = await answerWhere(
        server,
        COST,
        `cost naming ${TWO}'s Prometheus`,
        prometheusDown,
        180_000,
      );
      expect(cost.body.notes).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            new RegExp(
              `^The cost of .* on ${TWO} cannot be shown: Prometheus of cluster ${TWO} unreachable`,
            ),
          ),
        ]),
      );
      expect(clustersOf(cost.body.byEnvironment)).toEqual([LOCAL]);
      expect(cost.body.monthToDate).toBeGreaterThan(0);

      // the API server of two still answers: the overview and the pods' metrics show both clusters
      const { res: overview } = await timedGet(
        server,
        view('checkout-api', 'overview'),
      );
      expect(overview.status).toBe(200);
      expect(overview.body.unavailableClusters).toBeUndefined();
      expect(clustersOf(overview.body.environments)).toEqual(BOTH);
      const { res: current } = await timedGet(
        server,
        view('checkout-api', 'metrics/current'),
      );
      expect(current.body.unavailableClusters).toBeUndefined();
      expect(clustersOf(current.body.pods)).toEqual(BOTH);
    });
  });

  /** A backend of its own, with short timeouts and a quick breaker, once it has read both clusters. */
  async function faultBackend() {
    const started = await startPavedBackend({
      entities,
      teams: { 'user:default/bob': [TEAM] },
      config: twoClusterConfig(two.PAVED_BACKSTAGE_TOKEN, FAULT_LIMITS),
    });
    await answerWhere(
      started,
      view('checkout-api', 'overview'),
      'both clusters read before the fault',
      body =>
        !body.unavailableClusters &&
        clustersOf(body.environments).join() === BOTH.join(),
    );
    return started;
  }

  const twoGone = () =>
    waitFor(
      () =>
        admin2.request({ path: '/version' }).then(
          () => undefined,
          () => true,
        ),
      { timeoutMs: 30_000, what: `the API server of ${TWO} to stop answering` },
    );

  /** Polls the overview until it names paved-two; the answer and how long it took. */
  const overviewWithoutTwo = (backend: Server) =>
    answerWhere(
      backend,
      view('checkout-api', 'overview'),
      `the overview naming ${TWO}`,
      body => body.unavailableClusters?.some((u: any) => u.cluster === TWO),
      60_000,
    );

  /** paved-local's part of an overview that names paved-two as missing. */
  function expectLocalOnly(body: any) {
    expect(clustersOf(body.environments)).toEqual([LOCAL]);
    expect(body.gaps).toEqual([]);
    expect(
      body.workloads.some(
        (w: any) => w.cluster === LOCAL && w.name === 'checkout-api',
      ),
    ).toBe(true);
  }

  describe('API server of paved-two paused (SIGSTOP), then resumed', () => {
    let faultServer: Server;
    beforeAll(async () => {
      faultServer = await faultBackend();
      process.kill(componentPid('kube-apiserver'), 'SIGSTOP');
      await twoGone();
    });
    afterAll(() => {
      process.kill(componentPid('kube-apiserver'), 'SIGCONT');
    });

    it('answers with paved-local within the per-cluster timeout, then at once while the breaker is open', async () => {
      const first = await overviewWithoutTwo(faultServer);
      expect(first.body.unavailableClusters).toEqual([
        {
          cluster: TWO,
          kind: 'timeout',
          reason: expect.stringContaining(TWO),
        },
      ]);
      expectLocalOnly(first.body);
      // the API server takes the connection and never answers: the call waits for its timeout, no longer
      expect(first.ms).toBeLessThan(CLUSTER_TIMEOUT_MS + 5_000);

      // each failed call counts; once breakerFailures are reached the cluster is not asked again
      const open = await answerWhere(
        faultServer,
        view('checkout-api', 'overview'),
        `the breaker of ${TWO} open`,
        body =>
          body.unavailableClusters?.some(
            (u: any) => u.cluster === TWO && u.kind === 'circuit-open',
          ),
        120_000,
      );
      expect(open.body.unavailableClusters[0].reason).toMatch(
        new RegExp(
          `^cluster ${TWO} failed ${BREAKER_FAILURES} time\\(s\\) in a row \\(last: .*\\); Paved does not ask it again for about \\d+ s`,
        ),
      );
      expectLocalOnly(open.body);
      const fast = await timedGet(
        faultServer,
        view('checkout-api', 'overview'),
      );
      expect(fast.res.body.unavailableClusters[0].kind).toBe('circuit-open');
      // with the breaker open the answer costs what paved-local costs, not the timeout
      expect(fast.ms).toBeLessThan(first.ms);
      process.stdout.write(
        `multi-cluster fault: overview with ${TWO} paused ${first.ms} ms, with its breaker open ${fast.ms} ms\n`,
      );

      for (const url of [
        view('checkout-api', 'logs?tail=5'),
        view('payments-api', 'events'),
        view('checkout-api', 'metrics/current'),
        view('checkout-api', 'metrics/golden-signals?range=15m'),
        view('payments-api', 'diagnoses'),
        COST,
      ]) {
        const { res, ms } = await timedGet(faultServer, url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(res.body.unavailableClusters).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ cluster: TWO, kind: 'circuit-open' }),
          ]),
        );
        expect(ms).toBeLessThan(first.ms + 5_000);
      }
    });
  });

  describe('API server of paved-two killed (SIGKILL)', () => {
    let faultServer: Server;
    beforeAll(async () => {
      // two answers again after the pause
      await waitFor(
        () => admin2.request({ path: '/version' }).then(() => true),
        { timeoutMs: 60_000, what: `the API server of ${TWO} to answer` },
      );
      faultServer = await faultBackend();
      process.kill(componentPid('kube-apiserver'), 'SIGKILL');
      await twoGone();
    });

    it('answers 200 with paved-local and names paved-two as unreachable in every view', async () => {
      const first = await overviewWithoutTwo(faultServer);
      expect(first.body.unavailableClusters).toEqual([
        {
          cluster: TWO,
          kind: expect.stringMatching(/^(unreachable|timeout)$/),
          reason: expect.stringContaining(TWO),
        },
      ]);
      expectLocalOnly(first.body);
      expect(first.ms).toBeLessThan(CLUSTER_TIMEOUT_MS + 5_000);
      process.stdout.write(
        `multi-cluster fault: overview with ${TWO} killed ${first.ms} ms\n`,
      );
      for (const url of [
        view('checkout-api', 'logs?tail=5'),
        view('payments-api', 'events'),
        view('checkout-api', 'metrics/current'),
        view('checkout-api', 'metrics/golden-signals?range=15m'),
        view('payments-api', 'diagnoses'),
        COST,
      ]) {
        const { res, ms } = await timedGet(faultServer, url);
        expect({ url, status: res.status }).toEqual({ url, status: 200 });
        expect(res.body.unavailableClusters).toEqual(
          expect.arrayContaining([expect.objectContaining({ cluster: TWO })]),
        );
        expect(ms).toBeLessThan(CLUSTER_TIMEOUT_MS + 5_000);
      }
    });
  });
});
