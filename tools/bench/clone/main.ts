import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplyEngine,
  EnvironmentService,
  applyObjects,
  readGuardrailPolicy,
} from '../../../plugins/paved-node/src';
import {
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
} from '../../../plugins/paved-node/src/testUtils';
import { RevisionStore } from '../../../plugins/paved-backend/src/revisions/RevisionStore';
import { finish, kubectlVersion, machineState } from '../shared/machine';
import { deleteAndWait } from '../shared/namespaces';
import { QuietGate } from '../shared/quiet';
import { withSteps } from '../shared/steps';
import { kubectlPipeline } from './pipeline';
import { CloneRound, printReport } from './report';
import { sourceObjects } from './source';

/**
 * `yarn bench clone` (issues 9 and 17): Paved's clone of a 100-object environment (plan: read the source as
 * the user; run: create the environment, guardrails, apply (checked by the API server as it lands),
 * revision; no rollout wait) against the kubectl pipeline a person would script (get -o json, transform,
 * create namespace, apply).
 *
 *   yarn bench clone                                   # 1 warm-up round + 9 measured rounds
 *   BENCH_RUNS=15 yarn bench clone
 *   node -r sucrase/register tools/bench/run.ts clone  # without `yarn bench`'s `up.sh` (cluster already up)
 *   BENCH_LABEL=after yarn bench clone                # names the run in its output and its JSON line
 *
 * Fairness: every round runs both once, the order alternating; the first round warms both (kubectl's
 * discovery cache, Paved's discovery cache and connections) and is not counted; each target is deleted and
 * gone before the next run, and each run starts once the machine is quiet again (`QuietGate`). Output: tables, every run, and one `BENCH_RESULT {json}` line.
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
/** A developer of the team that owns the source; clones as the team's developers do. */
const bob = {
  user: 'user:default/bob',
  groups: ['group:default/team-checkout'],
};
/** A platform admin, who sets up the source environment. */
const erin = {
  user: 'user:default/erin',
  groups: ['group:default/team-platform'],
};

async function main() {
  const machine = machineState();
  const env = localClusterEnv();
  const admin = await localAdminClient();
  const clusters = localClusterRegistry();
  const engine = new ApplyEngine(
    clusters,
    readGuardrailPolicy(new ConfigReader({})),
  );
  const environments = EnvironmentService.fromConfig(
    new ConfigReader({
      paved: {
        access: { platformAdminGroups: ['group:default/team-platform'] },
      },
    }),
    { clusters, engine },
  );
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await RevisionStore.create({
    database: mockServices.database({ knex }),
  });
  const revisions = store.recorder(mockServices.rootLogger());
  const stamp = Date.now().toString(36);
  const source = await environments.create({
    cluster: 'local',
    actor: erin,
    spec: {
      name: `bench-src-${stamp}`,
      team: 'group:default/team-checkout',
      size: 'large',
      lifecycle: 'persistent',
    },
  });
  const objects = sourceObjects();
  const rounds: CloneRound[] = [];
  const quiet = new QuietGate();
  try {
    await applyObjects(admin, objects, { defaultNamespace: source.namespace });
    for (let round = 0; round <= RUNS; round++) {
      const measured: Partial<CloneRound> = {};
      const order =
        round % 2 === 0 ? ['paved', 'kubectl'] : ['kubectl', 'paved'];
      for (const who of order) {
        // the previous run's target is gone, but the controllers may still be busy with its deletion
        await quiet.wait();
        if (who === 'paved') {
          const start = performance.now();
          let namespace = '';
          const { steps } = await withSteps(async () => {
            const plan = await environments.planClone({
              cluster: 'local',
              source: source.namespace,
              target: {
                name: `bench-${stamp}-${round}`,
                team: 'group:default/team-checkout',
                size: 'large',
                lifecycle: 'ephemeral',
                ttlHours: 1,
              },
              actor: bob,
            });
            const planned = performance.now() - start;
            const result = await environments.runClone(plan, {
              actor: bob,
              wait: false,
              revisions,
            });
            namespace = result.namespace;
            return planned;
          }).then(({ value, steps: engineSteps }) => ({
            steps: { ...engineSteps, 'clone-plan': value },
          }));
          measured.pavedMs = performance.now() - start;
          measured.pavedSteps = steps;
          await deleteAndWait(admin, namespace);
        } else {
          const target = `bench-kubectl-${stamp}-${round}`;
          const start = performance.now();
          measured.pipelineSteps = kubectlPipeline(
            env.PAVED_KUBECTL,
            env.PAVED_KUBE_ADMIN_KUBECONFIG,
            source.namespace,
            target,
          );
          measured.pipelineMs = performance.now() - start;
          await deleteAndWait(admin, target);
        }
      }
      if (round > 0) rounds.push(measured as CloneRound);
      process.stderr.write(
        `clone: ${round === 0 ? 'warm-up round' : `round ${round}`} done\n`,
      );
    }
  } finally {
    await deleteAndWait(admin, source.namespace).catch(() => undefined);
    await knex.destroy();
  }
  printReport({
    machine: finish(machine, quiet),
    baseline:
      `kubectl ${kubectlVersion(
        env.PAVED_KUBECTL,
      )} get <kinds> -o json | transform (node) | kubectl create namespace | kubectl apply -f (client-side, ` +
      `one process per step, discovery cache warm), as cluster-admin; Paved as ${bob.user} (impersonated), the environment's own objects with Paved's identity`,
    objects: objects.length,
    rounds,
  });
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
