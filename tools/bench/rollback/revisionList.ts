import { mockCredentials } from '@backstage/backend-test-utils';
import { KUBERNETES_ID_ANNOTATION } from '../../../plugins/paved-common/src';
import {
  createTestEnvironment,
  localAdminClient,
} from '../../../plugins/paved-node/src/testUtils';
import { startBackend } from '../entity/backend';
import { GOAL_P95_MS, ID, TEAM, USER } from '../entity/scenario';
import { msSince, percentile } from '../stats';

/** Revisions recorded for the component. */
const REVISIONS = Number(process.env.BENCH_REVISIONS ?? 500);
/** Measured list calls, after {@link WARMUP} unmeasured ones. */
const CALLS = Number(process.env.BENCH_LIST_CALLS ?? 200);
const WARMUP = 20;
/** The page the Revisions card asks for. */
const PAGE = 50;

/** Revision `n` of the component: ten objects of five kinds, the images tagged with `n`. */
function manifests(namespace: string, n: number) {
  const labels = { [KUBERNETES_ID_ANNOTATION]: ID };
  const meta = (name: string) => ({ name, namespace, labels });
  const deployment = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { ...labels, 'app.kubernetes.io/name': name } },
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.paved.local/${name}:1.${n}.0`,
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { cpu: '500m', memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  });
  const service = (name: string) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name),
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ port: 80, targetPort: 8080 }],
    },
  });
  return [
    deployment(`${ID}-api`),
    deployment(`${ID}-worker`),
    service(`${ID}-api`),
    service(`${ID}-worker`),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${ID}-config`),
      data: { RELEASE: String(n), LOG_LEVEL: 'info' },
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${ID}-features`),
      data: { CHECKOUT_V2: n % 2 ? 'true' : 'false' },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(ID) },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(`${ID}-api`),
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: `${ID}-api`,
        },
        minReplicas: 2,
        maxReplicas: 10,
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(`${ID}-api`),
      spec: {
        minAvailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': `${ID}-api` } },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(ID),
      spec: {
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    },
  ];
}

async function call(
  url: string,
  authorization: string,
  init: { method?: string; body?: unknown } = {},
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${url}: HTTP ${response.status} ${text.slice(
        0,
        500,
      )}`,
    );
  }
  return JSON.parse(text);
}

/**
 * `yarn bench rollback`, part two: the Revisions card's call for a component with {@link REVISIONS}
 * revisions in one environment — `GET /api/paved/entities/default/component/bench-shop/revisions?limit=50`
 * as user:default/bob through the in-process backend of `yarn bench entity` (SQLite in memory, the mock
 * catalog, the team's environments read from the cluster) — against the entity p95 goal. The revisions are
 * recorded through `POST /api/paved/revisions` with service credentials, as the scaffolder module does.
 */
export async function benchRevisionList(): Promise<{ p95: number }> {
  const admin = await localAdminClient();
  const env = await createTestEnvironment(admin, {
    team: TEAM,
    prefix: 'bench-rb-list',
  });
  const backend = await startBackend();
  try {
    const base = `http://localhost:${backend.server.port()}/api/paved`;
    const service = mockCredentials.service.header();
    const recordStart = process.hrtime.bigint();
    for (let n = 1; n <= REVISIONS; n++) {
      const objects = manifests(env.name, n);
      await call(`${base}/revisions`, service, {
        method: 'POST',
        body: {
          cluster: 'local',
          namespace: env.name,
          actor: USER,
          source: { kind: 'apply', taskId: `bench-${n}` },
          outcome: 'applied',
          manifests: objects,
          results: objects.map(o => ({
            kind: o.kind,
            name: o.metadata.name,
            result: 'configured',
          })),
          diff: `image 1.${n - 1}.0 -> 1.${n}.0`,
        },
      });
    }
    const recordMs = msSince(recordStart);
    const user = mockCredentials.user.header(USER);
    const url = `${base}/entities/default/component/${ID}/revisions?limit=${PAGE}`;
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + CALLS; i++) {
      const start = process.hrtime.bigint();
      const list = await call(url, user);
      const ms = msSince(start);
      const mine = list.revisions.filter(
        (r: { namespace: string }) => r.namespace === env.name,
      );
      if (
        list.revisions.length !== PAGE ||
        list.more !== true ||
        mine[0]?.revision !== REVISIONS
      ) {
        throw new Error(
          `the revision list answered ${list.revisions.length} revisions (more: ${list.more}), newest ${mine[0]?.revision}; expected ${PAGE}, more, newest ${REVISIONS}`,
        );
      }
      if (i >= WARMUP) samples.push(ms);
    }
    const p50 = percentile(samples, 0.5);
    const p95 = percentile(samples, 0.95);
    console.log(
      `\nrevision list of component:default/${ID} with ${REVISIONS} revisions of 10 objects in ${
        env.name
      } (recorded over HTTP in ${(recordMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `  GET /api/paved/entities/default/component/${ID}/revisions?limit=${PAGE} as ${USER}, in-process backend, SQLite in memory, the team's environments read from the cluster`,
    );
    console.log(
      `  ${CALLS} calls after ${WARMUP} warm-up ones, one at a time: p50 ${p50.toFixed(
        1,
      )} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...samples).toFixed(
        1,
      )} ms`,
    );
    console.log(
      `  p95 ${p95.toFixed(1)} ms (goal <= ${GOAL_P95_MS} ms): ${
        p95 <= GOAL_P95_MS ? 'PASS' : 'FAIL'
      }`,
    );
    return { p95 };
  } finally {
    await backend.stop();
    await env.cleanup();
  }
}
