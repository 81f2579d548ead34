import { performance } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { isErrorNamed } from '@paved/plugin-paved-common';
import {
  ApplyEngine,
  EnvironmentService,
  FluxDelivery,
  KubernetesClient,
  PullRequestPreviews,
  applyObjects,
  readGuardrailPolicy,
  readPreviewSettings,
  reconcileDeployRepository,
} from '../../../plugins/paved-node/src';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterRegistry,
  localGitHost,
  restrictedDeployment,
} from '../../../plugins/paved-node/src/testUtils';
import { DeliveryLog } from '../../../plugins/paved-backend/src/pullRequests/DeliveryLog';
import { addGitWebhookRoutes } from '../../../plugins/paved-backend/src/pullRequests/webhookRoutes';
import { median } from '../stats';
import { describeMachine, finish, machineState } from '../shared/machine';
import { ms, resultLine, table } from '../shared/table';

/**
 * `yarn bench gitops` (issue 20): a commit to an environment's deploy repository until the environment runs it —
 * the commit through the git host's API, the host's signed push delivery to Paved's webhook route, Paved finding
 * the environments delivered from that branch and asking Flux to reconcile, source-controller fetching the commit,
 * kustomize-controller building and applying it as the environment's `paved-gitops` ServiceAccount, and the
 * rollout — against the baseline of the same Deployment change applied directly (server-side apply of the same
 * object into a second environment, rollout waited for): what GitOps costs over applying.
 *
 *   yarn git:up && yarn bench gitops          # 1 warm-up round + 5 measured rounds
 *   BENCH_RUNS=9 yarn bench gitops
 *
 * Flux's poll interval is set to 60 minutes here, so every measured reconcile is the one the push asked for: the
 * interval contributes nothing. Without the webhook a commit waits for the next poll, half the interval on average
 * (5 minutes at Paved's default of 10).
 *
 * Fairness: each round runs both once, the order alternating; the first round warms both and is not counted;
 * both change the same Deployment (one replica) to a new image and wait for the same readiness. The webhook is
 * served in this process (the backend's own route, on an in-memory delivery log); the git host and Flux are the
 * real ones.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL_MS = 20_000;
const TEAM = 'group:default/bench-gitops';
const PATH = 'environments/bench';

interface Round {
  gitopsMs: number;
  applyMs: number;
}

/** The Deployment both sides change: one replica of `image`. */
function deployment(image: string) {
  const labels = {
    'app.kubernetes.io/name': 'shop',
    'backstage.io/kubernetes-id': 'bench-gitops-shop',
  };
  return restrictedDeployment({ name: 'shop', image, labels });
}

const overlay = (image: string) => ({
  [`${PATH}/kustomization.yaml`]: JSON.stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: ['shop.yaml'],
  }),
  [`${PATH}/shop.yaml`]: JSON.stringify(deployment(image)),
});

/** Waits (polling every 100 ms, at most 120 s) until the namespace's Deployment `shop` runs `image` and is ready. */
async function runningImage(
  admin: KubernetesClient,
  namespace: string,
  image: string,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const d = await admin.request<any>({
        path: `/apis/apps/v1/namespaces/${namespace}/deployments/shop`,
      });
      if (
        d.spec.template.spec.containers[0]?.image === image &&
        d.status?.observedGeneration === d.metadata.generation &&
        (d.status?.updatedReplicas ?? 0) >= 1 &&
        (d.status?.readyReplicas ?? 0) >= 1 &&
        (d.status?.replicas ?? 0) === (d.status?.updatedReplicas ?? 0)
      ) {
        return;
      }
    } catch (error) {
      if (!isErrorNamed(error, 'NotFoundError')) throw error;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`${namespace}/shop did not run ${image} within 120 s`);
}

async function main() {
  const machine = machineState();
  const admin = await localAdminClient();
  const clusters = localClusterRegistry();
  const git = localGitHost();
  const stamp = Date.now().toString(36);
  const repo = `bench-gitops-${stamp}`;
  const secret = randomBytes(24).toString('hex');
  const config = new ConfigReader({
    app: { baseUrl: 'http://localhost:3000' },
  });
  const engine = new ApplyEngine(clusters, readGuardrailPolicy(config));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const router = Router();
  const queue = addGitWebhookRoutes(router, {
    previews: {
      enabled: true,
      secret,
      service: new PullRequestPreviews({
        environments: EnvironmentService.fromConfig(config, {
          clusters,
          engine,
        }),
        clusters,
        engine,
        git: git.client,
        settings: {
          ...readPreviewSettings(new ConfigReader({})),
          webhookSecret: secret,
        },
        prices: new Map(),
        appBaseUrl: 'http://localhost:3000',
      }),
    },
    deliveries: await DeliveryLog.create({
      database: mockServices.database({ knex }),
    }),
    audit: {},
    logger: mockServices.rootLogger({ level: 'warn' }),
    gitops: {
      reconcile: push =>
        reconcileDeployRepository(
          clusters,
          `${git.url}/${push.organization}/${push.repository}.git`,
          push.branch,
        ),
    },
  });
  const server = express().use(router).listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;

  const gitopsEnv = await createTestEnvironment(admin, {
    team: TEAM,
    prefix: 'bgitops',
  });
  const applyEnv = await createTestEnvironment(admin, {
    team: TEAM,
    prefix: 'bapply',
  });
  const rounds: Round[] = [];
  try {
    await git.api('POST', '/user/repos', {
      name: repo,
      private: true,
      auto_init: true,
      default_branch: 'main',
    });
    await git.commitFiles(
      `${git.user}/${repo}`,
      overlay('registry.paved.local/shop:1.0.0'),
      {
        message: 'shop 1.0.0',
      },
    );
    await git.client.ensurePullRequestWebhook(git.user, repo, {
      url: `http://127.0.0.1:${port}/git/webhook`,
      secret,
    });
    await admin.request({
      method: 'POST',
      path: `/api/v1/namespaces/${gitopsEnv.name}/secrets`,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'deploy-git' },
        stringData: { username: git.user, password: git.token },
      },
    });
    await new FluxDelivery(await clusters.client('local')).connect(
      gitopsEnv.name,
      {
        url: `${git.url}/${git.user}/${repo}.git`,
        branch: 'main',
        path: `./${PATH}`,
        secretName: 'deploy-git',
        intervalMinutes: 60,
      },
    );
    await applyObjects(
      admin,
      [deployment('registry.paved.local/shop:1.0.0')] as any,
      {
        defaultNamespace: applyEnv.name,
      },
    );
    await runningImage(
      admin,
      gitopsEnv.name,
      'registry.paved.local/shop:1.0.0',
    );
    await runningImage(admin, applyEnv.name, 'registry.paved.local/shop:1.0.0');

    for (let round = 0; round <= RUNS; round++) {
      const measured: Partial<Round> = {};
      const order = round % 2 === 0 ? ['gitops', 'apply'] : ['apply', 'gitops'];
      const image = `registry.paved.local/shop:1.${round + 1}.0`;
      for (const who of order) {
        const start = performance.now();
        if (who === 'gitops') {
          await git.commitFiles(`${git.user}/${repo}`, overlay(image), {
            message: `shop ${image}`,
          });
          await runningImage(admin, gitopsEnv.name, image);
          measured.gitopsMs = performance.now() - start;
          await queue.idle();
        } else {
          await applyObjects(admin, [deployment(image)] as any, {
            defaultNamespace: applyEnv.name,
          });
          await runningImage(admin, applyEnv.name, image);
          measured.applyMs = performance.now() - start;
        }
      }
      if (round > 0) rounds.push(measured as Round);
      process.stderr.write(
        `gitops: ${round === 0 ? 'warm-up round' : `round ${round}`} done\n`,
      );
    }
  } finally {
    server.close();
    await git
      .api('DELETE', `/repos/${git.user}/${repo}`)
      .catch(() => undefined);
    await gitopsEnv.cleanup().catch(() => undefined);
    await applyEnv.cleanup().catch(() => undefined);
    await knex.destroy();
  }
  const gitopsMs = median(rounds.map(r => r.gitopsMs));
  const applyMs = median(rounds.map(r => r.applyMs));
  const pass = gitopsMs <= GOAL_MS;
  const baseline =
    'server-side apply of the same Deployment change into a second environment, rollout waited for (no git, no Flux)';
  console.log(`\nyarn bench gitops · ${describeMachine(finish(machine))}`);
  console.log(`baseline: ${baseline}`);
  console.log(
    `1 warm-up round, then ${rounds.length} measured rounds, order alternating; medians; Flux's poll interval ` +
      '60 min, so each reconcile is the one the push delivery asked for\n',
  );
  console.log(
    table(
      [
        'direct apply ms',
        `commit → running via Flux ms (<= ${GOAL_MS})`,
        'gitops/apply',
      ],
      [[ms(applyMs), ms(gitopsMs), (gitopsMs / applyMs).toFixed(2)]],
      0,
    ),
  );
  console.log('\nall measured runs, ms');
  console.log(`  apply  ${rounds.map(r => r.applyMs.toFixed(0)).join(' ')}`);
  console.log(`  gitops ${rounds.map(r => r.gitopsMs.toFixed(0)).join(' ')}`);
  console.log(
    `\n${pass ? 'PASS' : 'FAIL'}: commit → running within ${GOAL_MS} ms`,
  );
  console.log(
    resultLine({
      bench: 'gitops',
      format: 1,
      ...machine,
      baseline,
      rounds: rounds.length,
      goalMs: GOAL_MS,
      pass,
      applyMs: Math.round(applyMs),
      gitopsMs: Math.round(gitopsMs),
      overApply: Math.round((gitopsMs / applyMs) * 1000) / 1000,
    }),
  );
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
