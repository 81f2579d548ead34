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
import { ENVIRONMENTS, Env, PODS_PER_ENV, RUNS, WARMUP } from './scenario';
import { sender } from './send';
import { createEnvironments, waitForPods } from './setup';

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
  const { cleanup, onSignals } = benchCleanup(admin, envs, async () => {
    await backend?.stop();
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
    onSignals();
    const send = sender(`http://localhost:${backend.server.port()}`);
    const { paved, kubernetes } = calls(envs);
    const all = [...paved, ...kubernetes];
    phase('backend started; waiting until logs, metrics and series exist');
    await waitUntilComplete(send, all);
    phase(`warm-up (${WARMUP} rounds)`);
    await warmUp(send, all);
    phase(`${RUNS} rounds of every call, one request at a time`);
    const samples = await measureCalls(send, all);
    phase(`${RUNS} page loads each (alternating)`);
    const pageMs = await measurePageLoads(send, paved, kubernetes);
    printReport({ envs, paved, kubernetes, samples, pageMs, loadAtStart });
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
