import os from 'node:os';
import { localAdminClient } from '../../../plugins/paved-node/src/testUtils';
import { startBackend } from './backend';
import { calls } from './calls';
import { benchCleanup } from './cleanup';
import {
  measureCalls,
  measurePageLoads,
  waitUntilComplete,
  warmUp,
} from './measure';
import { printReport } from './report';
import { ENVIRONMENTS, Env, ID, PODS_PER_ENV, RUNS, WARMUP } from './scenario';
import { sender } from './send';
import { STORED_TRACES, waitForStoredTraces } from './traces';
import { createEnvironments, waitForPods } from './setup';

/**
 * `yarn bench entity` (issues 7 and 17): what loading an entity's page costs for a component with 60 pods in three
 * environments — Paved's Platform tab against the Backstage Kubernetes plugin's page, in the same run, on the
 * same cluster, served by one in-process backend that has both plugins.
 *
 *   yarn bench entity                                # 5 warm-up + 50 measured rounds
 *   BENCH_RUNS=100 BENCH_WARMUP=10 yarn bench entity
 *   BENCH_PODS_PER_ENV=20 yarn bench entity          # pods per environment (two Deployments share them)
 *   BENCH_KEEP=1 yarn bench entity                   # keep the namespaces afterwards (delete them yourself)
 *   node -r sucrase/register tools/bench/run.ts entity   # without `yarn bench`'s `up.sh` (cluster already up)
 *
 * A run takes two to four minutes: setup ~5 s, ~35 s until metrics-server and Prometheus know the new pods,
 * one to three minutes of measuring (by the host's load), ~15 s until the namespaces are gone.
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
 * Backends: `startTestBackend` with `@paved/plugin-paved-backend` and `@backstage/plugin-kubernetes-backend`,
 * configured like app-config.yaml (cluster `local`, the Kubernetes plugin with the reader token; Paved with
 * its own token, impersonating the user, and Prometheus; `paved.sharedReads.ttlMs` at its default, 3 s), a
 * mock catalog holding component:default/bench-shop's entity, userInfo saying bob is in team-checkout, and the
 * default mock permissions (allow everything: the permission round trip of a real backend is not measured,
 * for either plugin); and a second backend with Paved only and `paved.sharedReads.ttlMs: 0` (every request
 * reads the clusters itself, as before shared reads). No compression middleware runs in the test backends, so
 * byte counts are uncompressed bodies; the gzip column is what Backstage's `compression` middleware (on in
 * every backend made with `@backstage/backend-defaults`) sends.
 *
 * Measured, as user:default/bob:
 *  - every call, each sequentially (rounds go through all calls in turn): Paved's separate calls on the
 *    backend without shared reads: overview, diagnoses, metrics/current, metrics/golden-signals?range=1h,
 *    logs?tail=30, events; Paved's `platform?parts=diagnoses,health` (the Platform tab's first paint in one request:
 *    the overview, the diagnoses and the health line, what PlatformContent asks for; the cards below the fold read their own
 *    data when scrolled into view) and `platform` (every part: also events, current metrics, 1h golden
 *    signals) and the Kubernetes plugin's GET /clusters
 *    (generateAuth) then POST /services/bench-shop with `{ auth: {}, entity }` (useKubernetesObjects; it polls
 *    that every 10 s) on the backend with both plugins;
 *  - the Traces card's list (`traces?range=1h&status=all&limit=50`) on the backend with shared reads, once the
 *    local cluster's Jaeger holds at least 1,000 traces of the bench's service (read from Jaeger itself);
 *  - page loads, taking turns (each round starts with the next page), both warmed: the Platform tab now
 *    (`platform`, one request; with shared reads, and on the backend without them), the Platform tab before
 *    (overview, then its five card calls in parallel, without shared reads), and the Kubernetes tab
 *    (/clusters, then /services). The Logs card reads `logs?tail=30` when it is scrolled into view, outside
 *    the first paint; its row is printed.
 * Every response is checked (status 200 and the data above; each part of `platform` as its own call);
 * a failure stops the run with a non-zero exit.
 * Goals (issue 17): Platform tab load p95 <= the Kubernetes tab's; its compressed bytes <= 1/10 of the
 * Kubernetes tab's; p95 of every Paved call <= 150 ms (issue 7). A missed goal is reported (FAIL), not an error.
 */

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
  let unshared: Awaited<ReturnType<typeof startBackend>> | undefined;
  const { cleanup, onSignals } = benchCleanup(admin, envs, async () => {
    await backend?.stop();
    await unshared?.stop();
  });
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
    // the same Paved without shared cluster reads: every page load reads the clusters itself
    unshared = await startBackend({ sharedReadsTtlMs: 0, pavedOnly: true });
    onSignals();
    const send = sender(`http://localhost:${backend.server.port()}`);
    const sendUnshared = sender(`http://localhost:${unshared.server.port()}`);
    const { paved, health, traces, platform, platformAll, kubernetes } =
      calls(envs);
    phase('backends started; waiting until logs, metrics and series exist');
    await waitUntilComplete(send, [
      platform,
      platformAll,
      health,
      traces,
      ...kubernetes,
    ]);
    const storedTraces = await waitForStoredTraces(envs, STORED_TRACES);
    phase(`${storedTraces} traces of ${ID} stored in Jaeger`);
    await waitUntilComplete(sendUnshared, [...paved, platform]);
    phase(`warm-up (${WARMUP} rounds)`);
    await warmUp(send, [platform, platformAll, health, traces, ...kubernetes]);
    await warmUp(sendUnshared, [...paved, platform]);
    phase(`${RUNS} rounds of every call, one request at a time`);
    // Paved's separate calls as before (no shared reads); the one-request page and the Kubernetes plugin's calls
    const samples = new Map([
      ...(await measureCalls(sendUnshared, paved)),
      ...(await measureCalls(send, [
        platform,
        platformAll,
        health,
        traces,
        ...kubernetes,
      ])),
    ]);
    phase(
      `${RUNS} page loads each (after ${WARMUP} warm-up rounds), taking turns`,
    );
    const pageMs = await measurePageLoads([
      { name: 'platform', load: () => send(platform) },
      { name: 'platformUnshared', load: () => sendUnshared(platform) },
      {
        name: 'before',
        load: async () => {
          await sendUnshared(paved[0]);
          await Promise.all(paved.slice(1).map(sendUnshared));
        },
      },
      {
        name: 'kubernetes',
        load: async () => {
          for (const call of kubernetes) await send(call);
        },
      },
    ]);
    printReport({
      envs,
      paved,
      health,
      traces,
      storedTraces,
      platform,
      platformAll,
      kubernetes,
      samples,
      pageMs,
      loadAtStart,
    });
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
