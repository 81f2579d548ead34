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
  KubernetesClient,
  PullRequestPreviews,
  applyObjects,
  readGuardrailPolicy,
  readPreviewSettings,
} from '../../../plugins/paved-node/src';
import {
  localAdminClient,
  localClusterRegistry,
  localGitHost,
} from '../../../plugins/paved-node/src/testUtils';
import { DeliveryLog } from '../../../plugins/paved-backend/src/pullRequests/DeliveryLog';
import { addGitWebhookRoutes } from '../../../plugins/paved-backend/src/pullRequests/webhookRoutes';
import { webServiceBundle } from '../bundle';
import { median } from '../stats';
import { describeMachine, finish, machineState } from '../shared/machine';
import { deleteAndWait } from '../shared/namespaces';
import { ms, resultLine, table } from '../shared/table';

/**
 * `yarn bench preview` (issue 20): a pull request opened on the local git host until its preview environment
 * runs the pull request's image — the developer's API call, the host's signed delivery, the webhook's checks,
 * reading the pull request and its `paved.yaml`, the clone of the team's source environment with its rollout,
 * and the comment — against the baseline of Paved's own clone of the same source with the same options called
 * directly (what a preview costs without the git host in the loop). A new commit on the branch until the
 * preview runs its image is timed too.
 *
 *   yarn git:up && yarn bench preview          # 1 warm-up round + 5 measured rounds
 *   BENCH_RUNS=9 yarn bench preview
 *
 * Fairness: each round runs both once, the order alternating; the first round warms both and is not counted;
 * every preview and clone is deleted and gone before the next run. The webhook is served in this process
 * (the backend's own route and `PullRequestPreviews`, on an in-memory delivery log); the git host is the real
 * one (`.cluster/git.env`), and delivers as it would to the app.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL_MS = 20_000;
const TEAM = 'group:default/team-checkout';
const ORG = 'team-checkout';
const erin = {
  user: 'user:default/erin',
  groups: ['group:default/team-platform'],
};
const bob = { user: 'user:default/bob', groups: [TEAM] };

interface Round {
  previewMs: number;
  updateMs: number;
  cloneMs: number;
}

/** The local git host (the developer's side: branches, pull requests), from `.cluster/git.env`. */
const host = localGitHost();
const gitApi = (method: string, route: string, body?: unknown) =>
  host.api(method, route, body);

const specText = (name: string, tag: string) =>
  [
    'apiVersion: paved.dev/v1alpha1',
    'kind: AppSpec',
    'goldenPath: web-service',
    'spec:',
    `  name: ${name}`,
    `  owner: ${TEAM}`,
    `  image: registry.paved.local/${name}:${tag}`,
    '  port: 8080',
    '',
  ].join('\n');

/** Writes `paved.yaml` with `tag` to `branch` (a new branch from main when `from` is given). */
async function commitSpec(
  repo: string,
  name: string,
  tag: string,
  branch: string,
  from?: string,
) {
  const current = await gitApi(
    'GET',
    `/repos/${ORG}/${repo}/contents/paved.yaml?ref=${from ?? branch}`,
  );
  await gitApi('PUT', `/repos/${ORG}/${repo}/contents/paved.yaml`, {
    content: Buffer.from(specText(name, tag)).toString('base64'),
    sha: current.sha,
    message: `Run ${tag}`,
    ...(from ? { branch: from, new_branch: branch } : { branch }),
  });
}

/** Waits (polling every 100 ms, at most 120 s) until the namespace's Deployment runs `image` and is ready. */
async function runningImage(
  admin: KubernetesClient,
  namespace: string,
  name: string,
  image: string,
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const d = await admin.request<any>({
        path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      });
      const container = d.spec.template.spec.containers.find(
        (c: { name: string }) => c.name === name,
      );
      if (
        container?.image === image &&
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
  throw new Error(`${namespace}/${name} did not run ${image} within 120 s`);
}

async function main() {
  const machine = machineState();
  const admin = await localAdminClient();
  const clusters = localClusterRegistry();
  const config = new ConfigReader({
    app: { baseUrl: 'http://localhost:3000' },
    paved: {
      access: { platformAdminGroups: ['group:default/team-platform'] },
    },
  });
  const engine = new ApplyEngine(clusters, readGuardrailPolicy(config));
  const environments = EnvironmentService.fromConfig(config, {
    clusters,
    engine,
  });
  const stamp = Date.now().toString(36);
  const name = `bench-pr-${stamp}`;
  const sourceName = `bsrc-${stamp}`;
  const secret = randomBytes(24).toString('hex');
  const git = host.client;
  const previews = new PullRequestPreviews({
    environments,
    clusters,
    engine,
    git,
    settings: {
      ...readPreviewSettings(new ConfigReader({})),
      webhookSecret: secret,
      sourceEnvironment: sourceName,
      maxPerTeam: 100,
    },
    prices: new Map(),
    appBaseUrl: 'http://localhost:3000',
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const deliveries = await DeliveryLog.create({
    database: mockServices.database({ knex }),
  });
  const router = Router();
  const queue = addGitWebhookRoutes(router, {
    previews: { enabled: true, service: previews, secret },
    deliveries,
    audit: {},
    logger: mockServices.rootLogger({ level: 'warn' }),
  });
  const app = express().use(router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const port = (server.address() as AddressInfo).port;

  // the team's source environment: the component and two others beside it, 30 objects
  const source = await environments.create({
    cluster: 'local',
    actor: erin,
    spec: {
      name: sourceName,
      team: TEAM,
      size: 'medium',
      lifecycle: 'persistent',
    },
  });
  const objects = [name, `${stamp}-a`, `${stamp}-b`].flatMap(app =>
    webServiceBundle(app)
      .filter(o => o.kind !== 'Role' && o.kind !== 'RoleBinding')
      .map(o => {
        if (o.kind === 'Deployment') {
          o.spec.replicas = 1;
          o.spec.template.spec.containers[0].name = app;
        }
        if (o.kind === 'HorizontalPodAutoscaler') o.spec.minReplicas = 1;
        return o;
      }),
  );
  const rounds: Round[] = [];
  try {
    await applyObjects(admin, objects as any, {
      defaultNamespace: source.namespace,
    });
    await runningImage(
      admin,
      source.namespace,
      name,
      objects.find(o => o.kind === 'Deployment' && o.metadata.name === name)!
        .spec.template.spec.containers[0].image,
    );
    await git.createRepository(ORG, name, 'yarn bench preview');
    await gitApi('POST', `/repos/${ORG}/${name}/contents/paved.yaml`, {
      content: Buffer.from(specText(name, '1.0.0')).toString('base64'),
      message: 'App spec',
      branch: 'main',
    });
    await git.ensurePullRequestWebhook(ORG, name, {
      url: `http://127.0.0.1:${port}/git/webhook`,
      secret,
    });
    for (let round = 0; round <= RUNS; round++) {
      const measured: Partial<Round> = {};
      const order =
        round % 2 === 0 ? ['preview', 'clone'] : ['clone', 'preview'];
      for (const who of order) {
        const tag = `1.${round + 1}.0`;
        const image = `registry.paved.local/${name}:${tag}`;
        if (who === 'preview') {
          const branch = `run-${tag}`;
          await commitSpec(name, name, tag, branch, 'main');
          const start = performance.now();
          const pr = await gitApi('POST', `/repos/${ORG}/${name}/pulls`, {
            head: branch,
            base: 'main',
            title: `Run ${tag}`,
          });
          const namespace = `checkout-pr-${pr.number}`;
          await runningImage(admin, namespace, name, image);
          measured.previewMs = performance.now() - start;
          const next = `1.${round + 1}.1`;
          const updateStart = performance.now();
          await commitSpec(name, name, next, branch);
          await runningImage(
            admin,
            namespace,
            name,
            `registry.paved.local/${name}:${next}`,
          );
          measured.updateMs = performance.now() - updateStart;
          await gitApi('PATCH', `/repos/${ORG}/${name}/pulls/${pr.number}`, {
            state: 'closed',
          });
          const closedBy = Date.now() + 60_000;
          while (Date.now() < closedBy) {
            const ns = await admin
              .request({ path: `/api/v1/namespaces/${namespace}` })
              .catch(e => (isErrorNamed(e, 'NotFoundError') ? undefined : e));
            if (ns === undefined) break;
            await new Promise(resolve => setTimeout(resolve, 250));
          }
          await queue.idle();
          await deleteAndWait(admin, namespace);
        } else {
          const start = performance.now();
          const result = await environments.clone({
            cluster: 'local',
            source: source.namespace,
            target: {
              name: `bclone-${stamp}-${round}`,
              team: TEAM,
              size: 'small',
              lifecycle: 'ephemeral',
              ttlHours: 1,
            },
            actor: bob,
            replicas: 1,
            secretPolicy: 'placeholder',
            images: [{ component: name, image }],
            wait: true,
          });
          await runningImage(admin, result.namespace, name, image);
          measured.cloneMs = performance.now() - start;
          await deleteAndWait(admin, result.namespace);
        }
      }
      if (round > 0) rounds.push(measured as Round);
      process.stderr.write(
        `preview: ${round === 0 ? 'warm-up round' : `round ${round}`} done\n`,
      );
    }
  } finally {
    server.close();
    await git.deleteRepository(ORG, name).catch(() => undefined);
    await deleteAndWait(admin, source.namespace).catch(() => undefined);
    await knex.destroy();
  }
  const previewMs = median(rounds.map(r => r.previewMs));
  const updateMs = median(rounds.map(r => r.updateMs));
  const cloneMs = median(rounds.map(r => r.cloneMs));
  const pass = previewMs <= GOAL_MS && updateMs <= GOAL_MS;
  const baseline =
    'EnvironmentService.clone of the same source (30 objects, 3 components) with the same options (1 replica, ' +
    'placeholder Secrets, the same image override, rollout waited for), called directly as a team developer';
  console.log(`\nyarn bench preview · ${describeMachine(finish(machine))}`);
  console.log(`baseline: ${baseline}`);
  console.log(
    `1 warm-up round, then ${rounds.length} measured rounds, order alternating; medians; each preview closed and ` +
      `its namespace gone before the next run\n`,
  );
  console.log(
    table(
      [
        'direct clone ms',
        `PR opened → preview running ms (<= ${GOAL_MS})`,
        'preview/clone',
        `new commit → preview runs it ms (<= ${GOAL_MS})`,
      ],
      [
        [
          ms(cloneMs),
          ms(previewMs),
          (previewMs / cloneMs).toFixed(2),
          ms(updateMs),
        ],
      ],
      0,
    ),
  );
  console.log('\nall measured runs, ms');
  console.log(`  clone   ${rounds.map(r => r.cloneMs.toFixed(0)).join(' ')}`);
  console.log(`  preview ${rounds.map(r => r.previewMs.toFixed(0)).join(' ')}`);
  console.log(`  update  ${rounds.map(r => r.updateMs.toFixed(0)).join(' ')}`);
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: both within ${GOAL_MS} ms`);
  console.log(
    resultLine({
      bench: 'preview',
      format: 1,
      ...machine,
      baseline,
      rounds: rounds.length,
      goalMs: GOAL_MS,
      pass,
      cloneMs: Math.round(cloneMs),
      previewMs: Math.round(previewMs),
      updateMs: Math.round(updateMs),
      overClone: Math.round((previewMs / cloneMs) * 1000) / 1000,
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
