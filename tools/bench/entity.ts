import os from 'node:os';
import { gzipSync } from 'node:zlib';
import { Entity } from '@backstage/catalog-model';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  KUBERNETES_ID_ANNOTATION,
  PAVED_LABELS,
  encodeEntityRefLabel,
} from '../../plugins/paved-common/src';
import { KubernetesClient } from '../../plugins/paved-node/src';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterEnv,
  waitFor,
} from '../../plugins/paved-node/src/testUtils';

/**
 * `yarn bench entity` (issue 7): what loading an entity's page costs for a component with 60 pods in three
 * environments — Paved's Platform tab against the Backstage Kubernetes plugin's page, in the same run, on the
 * same cluster, served by one in-process backend that has both plugins.
 *
 *   yarn bench entity                                # 5 warm-up + 50 measured rounds
 *   BENCH_RUNS=100 BENCH_WARMUP=10 yarn bench entity
 *   BENCH_PODS_PER_ENV=20 yarn bench entity          # pods per environment (two Deployments share them)
 *   BENCH_KEEP=1 yarn bench entity                   # keep the namespaces afterwards (delete them yourself)
 *   node -r sucrase/register tools/bench/run.ts entity   # without `yarn bench`'s `up.sh` (cluster already up)
 *
 * A run takes about two minutes: setup ~5 s, ~30 s until metrics-server and Prometheus know the new pods,
 * ~50 s of measuring, ~15 s until the namespaces are gone.
 *
 * Setup: three environments of group:default/team-checkout (namespaces `bench-shop-<env>-<hex>` made by
 * `createTestEnvironment`, relabelled dev / staging / production), each with the Deployments
 * `bench-shop-api` and `bench-shop-worker` (Pod Security "restricted", 5m / 16Mi requests) and a Service, all
 * labelled `backstage.io/kubernetes-id=bench-shop`. It waits until every pod is Running and Ready on the KWOK
 * nodes, and until both backends see everything: the overview lists the 6 Deployments with 60 ready replicas,
 * logs have lines, metrics-server knows all 60 pods, Prometheus has the simulator's request series for each
 * environment, and the Kubernetes plugin returns 60 pods with their metrics. The namespaces are deleted at the
 * end, also after a failure or Ctrl-C.
 *
 * Backend: `startTestBackend` with `@paved/plugin-paved-backend` and `@backstage/plugin-kubernetes-backend`,
 * configured like app-config.yaml (cluster `local`, the Kubernetes plugin with the reader token; Paved with
 * its own token, impersonating the user, and Prometheus), a mock catalog holding component:default/bench-shop's
 * entity, userInfo saying bob is in team-checkout, and the default mock permissions (allow everything: the
 * permission round trip of a real backend is not measured, for either plugin). No compression middleware runs
 * in the test backend, so byte counts are uncompressed bodies; the gzip column is what Backstage's
 * `compression` middleware would send.
 *
 * Measured, as user:default/bob:
 *  - every call the two pages make on load, each sequentially (rounds go through all calls in turn):
 *    Paved: overview, then diagnoses, metrics/current, metrics/golden-signals?range=1h, logs?tail=30, events
 *    (what PlatformContent and its cards fetch; the Logs card asks for 30 lines when it opens, LOGS_TAIL);
 *    Kubernetes plugin: GET /clusters (generateAuth) then
 *    POST /services/bench-shop with `{ auth: {}, entity }` (useKubernetesObjects; it polls that every 10 s);
 *  - a page load: Paved's overview followed by its five card calls in parallel, against /clusters followed by
 *    /services.
 * Every response is checked (status 200 and the data above); a failure stops the run with a non-zero exit.
 * Goals: p95 of every Paved call <= 150 ms; Paved's page-load bytes <= 1/20 of the Kubernetes plugin's.
 * A missed goal is reported, not an error.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PODS_PER_ENV = Number(process.env.BENCH_PODS_PER_ENV ?? 20);
const KEEP = process.env.BENCH_KEEP === '1';
const GOAL_P95_MS = 150;
const GOAL_BYTES_RATIO = 1 / 20;

const ID = 'bench-shop';
const TEAM = 'group:default/team-checkout';
const USER = 'user:default/bob';
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const DEPLOYMENTS = ['bench-shop-api', 'bench-shop-worker'];
/** The golden-signals range the Metrics card opens with, and its points per series once that much history exists. */
const RANGE_POINTS = 61;
/** Lines the Logs card asks for when it opens (plugins/paved/src/components/LogsCard). */
const LOGS_TAIL = 30;

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: { [KUBERNETES_ID_ANNOTATION]: ID },
  },
  spec: { type: 'service', lifecycle: 'production', owner: TEAM },
  relations: [{ type: 'ownedBy', targetRef: TEAM }],
};

interface Env {
  name: string;
  environment: string;
  cleanup: () => Promise<void>;
}

// ---------------------------------------------------------------- setup

function labels(name: string) {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/part-of': ID,
    'app.kubernetes.io/version': '1.0.0',
    [KUBERNETES_ID_ANNOTATION]: ID,
  };
}

/** A Deployment like the demo's (tools/cluster/demo/30-checkout.yaml): restricted, probes, tiny requests. */
function deployment(name: string, environment: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: labels(name) },
    spec: {
      replicas,
      revisionHistoryLimit: 3,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: {
          labels: labels(name),
          annotations: { 'paved.dev/sim-rps': '2' },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          containers: [
            {
              name: 'app',
              image: `registry.paved.local/${name}:1.0.0`,
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'PAVED_ENVIRONMENT', value: environment }],
              resources: {
                requests: { cpu: '5m', memory: '16Mi' },
                limits: { cpu: '50m', memory: '64Mi' },
              },
              readinessProbe: {
                httpGet: { path: '/readyz', port: 'http' },
                periodSeconds: 10,
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 20,
              },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
            },
          ],
        },
      },
    },
  };
}

function service() {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: ID, labels: labels(ID) },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/part-of': ID },
      ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

async function createEnvironments(
  admin: KubernetesClient,
  envs: Env[],
): Promise<void> {
  for (const environment of ENVIRONMENTS) {
    const ns = await createTestEnvironment(admin, {
      team: TEAM,
      prefix: `${ID}-${environment}`,
      labels: {
        [PAVED_LABELS.environment]: environment,
        [PAVED_LABELS.lifecycle]: 'persistent',
        ...(environment === 'production'
          ? { [PAVED_LABELS.protected]: 'true' }
          : {}),
      },
    });
    envs.push({ ...ns, environment });
    const perDeployment = DEPLOYMENTS.map(
      (_, i) =>
        Math.floor(PODS_PER_ENV / DEPLOYMENTS.length) +
        (i < PODS_PER_ENV % DEPLOYMENTS.length ? 1 : 0),
    );
    await Promise.all([
      ...DEPLOYMENTS.map((name, i) =>
        admin.request({
          method: 'POST',
          path: `/apis/apps/v1/namespaces/${ns.name}/deployments`,
          body: deployment(name, environment, perDeployment[i]),
        }),
      ),
      admin.request({
        method: 'POST',
        path: `/api/v1/namespaces/${ns.name}/services`,
        body: service(),
      }),
    ]);
  }
}

interface PodList {
  items: Array<{
    metadata: { name: string };
    spec: { nodeName?: string };
    status: {
      phase?: string;
      conditions?: Array<{ type: string; status: string; message?: string }>;
    };
  }>;
}

async function waitForPods(admin: KubernetesClient, envs: Env[]) {
  const total = PODS_PER_ENV * envs.length;
  let last = '';
  try {
    await waitFor(
      async () => {
        let ready = 0;
        const notReady: string[] = [];
        for (const env of envs) {
          const pods = await admin.request<PodList>({
            path: `/api/v1/namespaces/${env.name}/pods`,
            query: { labelSelector: `${KUBERNETES_ID_ANNOTATION}=${ID}` },
          });
          for (const pod of pods.items) {
            const isReady =
              pod.status.phase === 'Running' &&
              pod.status.conditions?.some(
                c => c.type === 'Ready' && c.status === 'True',
              );
            if (isReady) ready++;
            else
              notReady.push(
                `${env.name}/${pod.metadata.name}: ${
                  pod.status.phase ?? '?'
                } on ${pod.spec.nodeName ?? 'no node'} ${
                  pod.status.conditions
                    ?.filter(c => c.status !== 'True' && c.message)
                    .map(c => c.message)
                    .join('; ') ?? ''
                }`,
              );
          }
        }
        last = `${ready}/${total} pods Running and Ready${
          notReady.length ? `; e.g. ${notReady.slice(0, 3).join(' | ')}` : ''
        }`;
        return ready === total ? ready : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1000, what: `${total} pods Ready` },
    );
  } catch (error) {
    const events: string[] = [];
    for (const env of envs) {
      const list = await admin
        .request<{
          items: Array<{
            type: string;
            reason: string;
            message: string;
            involvedObject: { name: string };
          }>;
        }>({ path: `/api/v1/namespaces/${env.name}/events` })
        .catch(() => ({ items: [] }));
      events.push(
        ...list.items
          .filter(e => e.type === 'Warning')
          .slice(0, 5)
          .map(
            e =>
              `${env.name}/${e.involvedObject.name} ${e.reason}: ${e.message}`,
          ),
      );
    }
    throw new Error(
      `${(error as Error).message}: ${last}${
        events.length ? `\nwarnings:\n  ${events.join('\n  ')}` : ''
      }`,
    );
  }
}

// ---------------------------------------------------------------- backend

function backendConfig() {
  const env = localClusterEnv();
  return {
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: env.PAVED_KUBE_API,
              authProvider: 'serviceAccount',
              serviceAccountToken: env.PAVED_BACKSTAGE_READER_TOKEN,
              caFile: env.PAVED_KUBE_CA,
            },
          ],
        },
      ],
    },
    paved: {
      clusters: [
        {
          name: 'local',
          serviceAccountToken: env.PAVED_BACKSTAGE_TOKEN,
          impersonate: true,
          prometheusUrl: env.PAVED_PROMETHEUS_URL,
        },
      ],
      // the bench must not delete other people's expired environments on the shared cluster
      environments: { cleanup: { enabled: false } },
    },
  };
}

async function startBackend() {
  const backend = await startTestBackend({
    features: [
      import('@paved/plugin-paved-backend'),
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({ entities: [entity] }),
      mockServices.rootConfig.factory({ data: backendConfig() }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: any) {
            const user = credentials.principal.userEntityRef;
            return {
              userEntityRef: user,
              ownershipEntityRefs: user === USER ? [user, TEAM] : [user],
            };
          },
        }),
      }),
    ],
  });
  return backend;
}

// ---------------------------------------------------------------- calls and checks

interface Call {
  name: string;
  plugin: 'paved' | 'kubernetes';
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** Throws when the answer is not what the page needs; returns a short description of it. */
  check: (data: any) => string;
}

interface Answer {
  ms: number;
  bytes: number;
  data: any;
  text: string;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function calls(envs: Env[]): { paved: Call[]; kubernetes: Call[] } {
  const bench = new Set(envs.map(e => e.name));
  const inBench = (items: Array<{ namespace: string }>) =>
    items.filter(i => bench.has(i.namespace));
  const base = `/api/paved/entities/default/component/${ID}`;
  const total = PODS_PER_ENV * envs.length;
  return {
    paved: [
      {
        name: 'overview',
        plugin: 'paved',
        method: 'GET',
        path: `${base}/overview`,
        check: d => {
          assert(d.gaps?.length === 0, `gaps: ${JSON.stringify(d.gaps)}`);
          const environments = inBench(d.environments ?? []);
          assert(
            environments.length === envs.length,
            `${environments.length} of the ${envs.length} bench environments listed`,
          );
          const workloads = inBench(d.workloads ?? []);
          const ready = workloads.reduce(
            (sum: number, w: any) => sum + (w.ready ?? 0),
            0,
          );
          assert(
            workloads.length === DEPLOYMENTS.length * envs.length &&
              ready === total,
            `${workloads.length} workloads with ${ready} ready replicas (want ${
              DEPLOYMENTS.length * envs.length
            } with ${total})`,
          );
          return `${d.environments.length} environments (${environments.length} bench), ${workloads.length} workloads, ${ready} ready`;
        },
      },
      {
        name: 'diagnoses',
        plugin: 'paved',
        method: 'GET',
        path: `${base}/diagnoses`,
        check: d => {
          assert(Array.isArray(d.diagnoses), 'no diagnoses array');
          return `${d.diagnoses.length} diagnoses`;
        },
      },
      {
        name: 'metrics/current',
        plugin: 'paved',
        method: 'GET',
        path: `${base}/metrics/current`,
        check: d => {
          const pods = inBench(d.pods ?? []);
          assert(
            pods.length === total,
            `usage of ${pods.length}/${total} pods`,
          );
          return `${pods.length} pods`;
        },
      },
      {
        name: 'metrics/golden-signals',
        plugin: 'paved',
        method: 'GET',
        path: `${base}/metrics/golden-signals?range=1h`,
        check: d => {
          const series = inBench(d.series ?? []);
          assert(
            series.length === 5 * envs.length,
            `${series.length} series for the bench environments (want ${
              5 * envs.length
            })`,
          );
          const withRate = series.filter(
            (s: any) => s.signal === 'requestRate' && s.values.length > 0,
          );
          assert(
            withRate.length === envs.length,
            `request rate known in ${withRate.length}/${envs.length} environments`,
          );
          return `${d.series.length} series, ${series.reduce(
            (n: number, s: any) =>
              n + s.values.filter((v: unknown) => v !== null).length,
            0,
          )} points`;
        },
      },
      {
        name: `logs?tail=${LOGS_TAIL}`,
        plugin: 'paved',
        method: 'GET',
        path: `${base}/logs?tail=${LOGS_TAIL}`,
        check: d => {
          assert(d.lines?.length > 0, 'no log lines');
          assert(
            d.lines.every((l: any) => d.sources?.[l.s]),
            'a line without its container',
          );
          return `${d.lines.length} lines from ${
            new Set(d.lines.map((l: any) => d.sources[l.s].pod)).size
          } pods${d.notice ? ` (${d.notice})` : ''}`;
        },
      },
      {
        name: 'events',
        plugin: 'paved',
        method: 'GET',
        path: `${base}/events`,
        check: d => {
          assert(Array.isArray(d.events), 'no events array');
          return `${d.events.length} entries of ${d.total}`;
        },
      },
    ],
    kubernetes: [
      {
        name: 'clusters',
        plugin: 'kubernetes',
        method: 'GET',
        path: '/api/kubernetes/clusters',
        check: d => {
          assert(d.items?.length >= 1, 'no clusters');
          return `${d.items.length} clusters`;
        },
      },
      {
        name: `services/${ID}`,
        plugin: 'kubernetes',
        method: 'POST',
        path: `/api/kubernetes/services/${ID}`,
        body: { auth: {}, entity },
        check: d => {
          const cluster = d.items?.[0];
          assert(cluster, 'no cluster in the answer');
          assert(
            cluster.errors.length === 0,
            `errors: ${JSON.stringify(cluster.errors).slice(0, 300)}`,
          );
          const pods = (cluster.resources ?? [])
            .filter((r: any) => r.type === 'pods')
            .flatMap((r: any) => r.resources);
          const metrics = (cluster.podMetrics ?? []).filter((m: any) =>
            bench.has(m.pod?.metadata?.namespace),
          );
          assert(pods.length === total, `${pods.length}/${total} pods`);
          assert(
            metrics.length === total,
            `metrics of ${metrics.length}/${total} pods`,
          );
          return `${cluster.resources
            .map((r: any) => `${r.resources.length} ${r.type}`)
            .filter((s: string) => !s.startsWith('0 '))
            .join(', ')}; metrics of ${metrics.length} pods`;
        },
      },
    ],
  };
}

function client(baseUrl: string) {
  const authorization = mockCredentials.user.header(USER);
  return async function send(call: Call): Promise<Answer> {
    const start = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}${call.path}`, {
      method: call.method,
      headers: {
        authorization,
        ...(call.body ? { 'content-type': 'application/json' } : {}),
      },
      body: call.body ? JSON.stringify(call.body) : undefined,
    });
    const text = await response.text();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (response.status !== 200) {
      throw new Error(
        `${call.plugin} ${call.method} ${call.path}: HTTP ${
          response.status
        } ${text.slice(0, 500)}`,
      );
    }
    const data = JSON.parse(text);
    try {
      call.check(data);
    } catch (error) {
      throw new Error(
        `${call.plugin} ${call.path}: ${(error as Error).message}`,
      );
    }
    return { ms, bytes: Buffer.byteLength(text), data, text };
  };
}

// ---------------------------------------------------------------- numbers

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function gzipBytes(text: string): number {
  return gzipSync(text).length;
}

/** The golden-signals answer as it would be for a component with an hour of history: every non-empty series full. */
function projectFullHour(data: any): string {
  return JSON.stringify({
    ...data,
    series: data.series.map((s: any) => {
      if (s.values.length === 0) return s;
      const lastValue = s.values[s.values.length - 1];
      const values = Array.from(
        { length: RANGE_POINTS },
        (_, i) => s.values[i] ?? lastValue,
      );
      return {
        ...s,
        start: s.start + (s.values.length - RANGE_POINTS) * data.step,
        values,
      };
    }),
  });
}

function kb(bytes: number): string {
  return bytes >= 10_240
    ? `${(bytes / 1024).toFixed(0)} KiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const phase = (what: string) =>
    console.log(
      `[bench entity] ${((Date.now() - started) / 1000).toFixed(1)}s ${what}`,
    );
  const admin = await localAdminClient();
  const envs: Env[] = [];
  let backend: Awaited<ReturnType<typeof startBackend>> | undefined;
  let cleaned = false;
  const cleanup = async (options: { wait: boolean }) => {
    if (cleaned) return;
    cleaned = true;
    if (KEEP) {
      console.log(`kept: ${envs.map(e => e.name).join(' ')}`);
    } else {
      await Promise.all(
        envs.map(e =>
          e
            .cleanup()
            .catch(error =>
              console.error(`could not delete namespace ${e.name}: ${error}`),
            ),
        ),
      );
    }
    await backend?.stop().catch(() => undefined);
    if (KEEP || !options.wait) return;
    // a terminating environment is still listed, and would be read by the next run's calls
    await waitFor(
      async () => {
        const left = await admin.request<{
          items: Array<{ metadata: { name: string } }>;
        }>({
          path: '/api/v1/namespaces',
          query: {
            labelSelector: `${PAVED_LABELS.team}=${encodeEntityRefLabel(TEAM)}`,
          },
        });
        return left.items.some(n => envs.some(e => e.name === n.metadata.name))
          ? undefined
          : true;
      },
      { timeoutMs: 90_000, intervalMs: 1000, what: 'bench namespaces gone' },
    ).catch(error => console.error(`${error.message}; they are Terminating`));
  };
  /** Ctrl-C deletes the namespaces; the backend's own handlers (which stop it and exit at once) are replaced. */
  const onSignals = () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.once(signal, () => {
        console.error(`\n${signal}; deleting the bench namespaces`);
        cleanup({ wait: false }).finally(() => process.exit(130));
      });
    }
  };
  onSignals();

  try {
    phase(
      `creating ${ENVIRONMENTS.length} environments with ${PODS_PER_ENV} pods each`,
    );
    await createEnvironments(admin, envs);
    await waitForPods(admin, envs);
    phase(
      `${PODS_PER_ENV * envs.length} pods Ready in ${envs
        .map(e => e.name)
        .join(', ')}`,
    );

    backend = await startBackend();
    onSignals();
    const send = client(`http://localhost:${backend.server.port()}`);
    const { paved, kubernetes } = calls(envs);
    const all = [...paved, ...kubernetes];
    phase('backend started; waiting until logs, metrics and series exist');
    for (const call of all) {
      const answer = await waitFor(
        async () => {
          const a = await send(call);
          return call.check(a.data);
        },
        {
          timeoutMs: 180_000,
          intervalMs: 2000,
          what: `${call.plugin} ${call.name} complete`,
        },
      );
      console.log(`  ${pad(`${call.plugin} ${call.name}`, 40)} ${answer}`);
    }
    phase(`warm-up (${WARMUP} rounds)`);
    for (let i = 0; i < WARMUP; i++) {
      for (const call of all) await send(call);
    }

    phase(`${RUNS} rounds of every call, one request at a time`);
    const samples = new Map<
      Call,
      { ms: number[]; bytes: number[]; gzip: number[]; projected: number[] }
    >(all.map(c => [c, { ms: [], bytes: [], gzip: [], projected: [] }]));
    for (let i = 0; i < RUNS; i++) {
      for (const call of all) {
        const answer = await send(call);
        const s = samples.get(call)!;
        s.ms.push(answer.ms);
        s.bytes.push(answer.bytes);
        s.gzip.push(gzipBytes(answer.text));
        if (call.name === 'metrics/golden-signals') {
          const full = projectFullHour(answer.data);
          s.projected.push(Buffer.byteLength(full));
        }
      }
    }

    phase(`${RUNS} page loads each (alternating)`);
    const pageMs = { paved: [] as number[], kubernetes: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      let start = process.hrtime.bigint();
      await send(paved[0]);
      await Promise.all(paved.slice(1).map(send));
      pageMs.paved.push(Number(process.hrtime.bigint() - start) / 1e6);
      start = process.hrtime.bigint();
      for (const call of kubernetes) await send(call);
      pageMs.kubernetes.push(Number(process.hrtime.bigint() - start) / 1e6);
    }

    // ------------------------------------------------------------ report
    const row = (
      name: string,
      p50: string,
      p95: string,
      bytes: string,
      gzip: string,
      note = '',
    ) =>
      console.log(
        `  ${pad(name, 36)} ${pad(p50, 9, true)} ${pad(p95, 9, true)} ${pad(
          bytes,
          10,
          true,
        )} ${pad(gzip, 10, true)}  ${note}`,
      );
    const ms = (v: number) => `${v.toFixed(1)}`;
    const median = (v: number[]) => percentile(v, 50);
    const total = (cs: Call[], key: 'bytes' | 'gzip') =>
      cs.reduce((sum, c) => sum + median(samples.get(c)![key]), 0);

    const baselineCall = kubernetes[kubernetes.length - 1];
    const baselineP95 = percentile(samples.get(baselineCall)!.ms, 95);
    console.log(
      `\nentity page of component:default/${ID}: ${
        PODS_PER_ENV * envs.length
      } pods in ${
        envs.length
      } environments, ${RUNS} samples per row after ${WARMUP} warm-up rounds, as ${USER}`,
    );
    row('call', 'p50 ms', 'p95 ms', 'bytes', 'gzip', 'p95 vs goal');
    let missed = 0;
    for (const call of paved) {
      const s = samples.get(call)!;
      const p95 = percentile(s.ms, 95);
      const ok = p95 <= GOAL_P95_MS;
      if (!ok) missed++;
      row(
        `paved ${call.name}`,
        ms(median(s.ms)),
        ms(p95),
        kb(median(s.bytes)),
        kb(median(s.gzip)),
        `${ok ? 'ok  ' : 'MISS'} (<= ${GOAL_P95_MS} ms; ${(
          p95 / baselineP95
        ).toFixed(2)}x baseline p95)`,
      );
    }
    for (const call of kubernetes) {
      const s = samples.get(call)!;
      row(
        `kubernetes ${call.name}`,
        ms(median(s.ms)),
        ms(percentile(s.ms, 95)),
        kb(median(s.bytes)),
        kb(median(s.gzip)),
        call === baselineCall ? 'baseline' : '',
      );
    }
    const pavedBytes = total(paved, 'bytes');
    const pavedGzip = total(paved, 'gzip');
    const kubeBytes = total(kubernetes, 'bytes');
    const kubeGzip = total(kubernetes, 'gzip');
    row(
      'paved page load (1 + 5 parallel)',
      ms(median(pageMs.paved)),
      ms(percentile(pageMs.paved, 95)),
      kb(pavedBytes),
      kb(pavedGzip),
    );
    row(
      'kubernetes page load (2 sequential)',
      ms(median(pageMs.kubernetes)),
      ms(percentile(pageMs.kubernetes, 95)),
      kb(kubeBytes),
      kb(kubeGzip),
      'baseline',
    );

    const golden = paved.find(c => c.name === 'metrics/golden-signals')!;
    const goldenNow = median(samples.get(golden)!.bytes);
    const goldenFull = median(samples.get(golden)!.projected);
    const pavedSteady = pavedBytes - goldenNow + goldenFull;
    const ratio = pavedBytes / kubeBytes;
    const ratioSteady = pavedSteady / kubeBytes;
    const ratioGzip = pavedGzip / kubeGzip;
    console.log(
      `\n  bytes: paved / kubernetes-backend = ${kb(pavedBytes)} / ${kb(
        kubeBytes,
      )} = 1/${(1 / ratio).toFixed(1)}   ${
        ratio <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
      } (goal <= 1/${1 / GOAL_BYTES_RATIO}); gzip: 1/${(
        kubeGzip / pavedGzip
      ).toFixed(1)}`,
    );
    console.log(
      `  compressed (what Backstage's compression middleware sends): paved / kubernetes-backend = ${kb(
        pavedGzip,
      )} / ${kb(kubeGzip)} = 1/${(1 / ratioGzip).toFixed(1)}   ${
        ratioGzip <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
      } (against the same 1/${
        1 / GOAL_BYTES_RATIO
      }; the Kubernetes plugin's repetitive JSON compresses ${(
        kubeBytes / kubeGzip
      ).toFixed(0)}x, Paved's ${(pavedBytes / pavedGzip).toFixed(0)}x)`,
    );
    console.log(
      `  with an hour of golden-signal history (${RANGE_POINTS} points per series; the bench's series are minutes old): ${kb(
        pavedSteady,
      )} = 1/${(1 / ratioSteady).toFixed(1)}   ${
        ratioSteady <= GOAL_BYTES_RATIO ? 'ok' : 'MISS'
      }`,
    );
    console.log(
      `  the Kubernetes page polls services every 10 s: ${kb(
        median(samples.get(baselineCall)!.bytes) * 6,
      )} a minute while open; Paved's page does not poll`,
    );
    console.log(
      `  latency: ${paved.length - missed}/${
        paved.length
      } Paved calls within p95 <= ${GOAL_P95_MS} ms; baseline (kubernetes services) p95 ${ms(
        baselineP95,
      )} ms; page load p95 paved / kubernetes = ${(
        percentile(pageMs.paved, 95) / percentile(pageMs.kubernetes, 95)
      ).toFixed(2)}x`,
    );
    const slowest = paved
      .slice(1)
      .reduce((a, b) =>
        percentile(samples.get(a)!.ms, 50) >= percentile(samples.get(b)!.ms, 50)
          ? a
          : b,
      );
    const shares = [...paved]
      .map(c => ({ c, bytes: median(samples.get(c)!.bytes) }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 3)
      .map(
        ({ c, bytes }) =>
          `${c.name} ${((100 * bytes) / pavedBytes).toFixed(0)}%`,
      );
    console.log(
      `  Paved bytes by call: ${shares.join(
        ', ',
      )}; the page load waits for the overview, then for its slowest card call (${
        slowest.name
      }, p50 ${ms(median(samples.get(slowest)!.ms))} ms)`,
    );
    console.log(
      `  host: ${
        os.cpus().length
      } CPUs, 1-minute load average ${loadAtStart.toFixed(1)} at start and ${os
        .loadavg()[0]
        .toFixed(
          1,
        )} now; the API server, KWOK, Prometheus and this process share them`,
    );
    console.log(
      '  mock permissions allow everything (no permission-backend round trip for either plugin); bodies uncompressed, gzip = zlib default level',
    );
    phase('done');
  } finally {
    await cleanup({ wait: true });
    phase('cleaned up');
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
