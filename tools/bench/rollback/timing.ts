import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplyEngine,
  KubernetesObject,
  readGuardrailPolicy,
  withRevision,
} from '../../../plugins/paved-node/src';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
} from '../../../plugins/paved-node/src/testUtils';
import { RevisionRestorer } from '../../../plugins/paved-backend/src/revisions/RevisionRestorer';
import { RevisionStore } from '../../../plugins/paved-backend/src/revisions/RevisionStore';
import { median, timed } from '../stats';
import { AddedObject, v1Objects, v2Objects } from './objects';

/** Both sides act as the same platform admin through impersonation, kubectl included. */
const identity = {
  user: 'user:default/erin',
  groups: ['paved:platform-admins'],
};

/** The team whose environments the bench creates (its own, so no other suite lists them). */
const TEAM = 'group:default/bench-rollback';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Goal: Paved's rollback at most this share of kubectl's. */
export const GOAL_RATIO = 0.5;

/** The kubectl of the local cluster, as the bench identity. */
function kubectl(args: string[]) {
  const env = localClusterEnv();
  execFileSync(
    env.PAVED_KUBECTL,
    [
      '--kubeconfig',
      env.PAVED_BACKSTAGE_KUBECONFIG,
      `--as=${identity.user}`,
      ...identity.groups.map(g => `--as-group=${g}`),
      ...args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

function writeManifests(
  dir: string,
  name: string,
  objects: KubernetesObject[],
) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, objects.map(o => yaml.stringify(o)).join('---\n'));
  return file;
}

/** Paved's side: a revision store on SQLite, the apply engine, and the restorer the rollback route uses. */
async function pavedSide() {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await RevisionStore.create({
    database: mockServices.database({ knex }),
  });
  const clusters = localClusterRegistry();
  const engine = new ApplyEngine(
    clusters,
    readGuardrailPolicy(new ConfigReader({})),
  );
  const restorer = new RevisionRestorer({ store, engine, clusters });
  /** Applies a set as Paved's apply route does (dry run, diff, apply) and records its revision. */
  async function apply(objects: KubernetesObject[], namespace: string) {
    const plan = await engine.plan({
      cluster: 'local',
      objects: objects.map((object, i) => ({ object, source: `bench#${i}` })),
      defaultNamespace: namespace,
      identity,
      authorizedNamespaces: [namespace],
      platformAdmin: true,
    });
    await withRevision(
      {
        record: async r =>
          (
            await store.record({
              ...r,
              manifests: r.manifests as KubernetesObject[],
              results: r.results ?? [],
              diff: r.diff ?? '',
            })
          ).revision,
      },
      { plan, actor: identity.user, source: { kind: 'apply' } },
      onApplied => engine.apply(plan, { identity, onApplied }),
    );
  }
  return { store, restorer, apply, close: () => knex.destroy() };
}

/** What one timed Paved rollback did, for the check after it. */
interface RollbackOutcome {
  applied: number;
  pruned: string[];
}

/**
 * `yarn bench rollback`, part one: rolling the 35-object demo back from v2 to v1 with Paved (check, then run:
 * dry run, apply with force, removal of fields other managers added, pruning of the objects v2 added,
 * recording revision n+1) against `kubectl apply --server-side -f v1.yaml` plus `kubectl delete` of the
 * added objects. Each side has its own namespace where it applied v1 then v2 itself; every round both sides
 * roll back once (order alternating, the first round a warm-up), then re-apply v2 untimed.
 */
export async function benchRollback(): Promise<{ ratio: number }> {
  const admin = await localAdminClient();
  const { label, objects: v1 } = v1Objects();
  const { objects: v2, added } = v2Objects(v1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-bench-rollback-'));
  const v1File = writeManifests(dir, 'v1.yaml', v1);
  const v2File = writeManifests(dir, 'v2.yaml', v2);
  const paved = await pavedSide();
  // both namespaces are Paved environments (Pod Security "restricted"), so admission is the same on each side
  const nsPaved = await createTestEnvironment(admin, {
    team: TEAM,
    prefix: 'bench-rb-paved',
  });
  const nsKubectl = await createTestEnvironment(admin, {
    team: TEAM,
    prefix: 'bench-rb-kubectl',
  });
  const deleteArgs = (ns: string, objects: AddedObject[]) => [
    'delete',
    '-n',
    ns,
    '--wait=false',
    ...objects.map(o => `${o.resource}/${o.name}`),
  ];
  const samples = { paved: [] as number[], kubectl: [] as number[] };
  const outcomes: RollbackOutcome[] = [];
  try {
    await paved.apply(v1, nsPaved.name);
    await paved.apply(v2, nsPaved.name);
    kubectl(['apply', '--server-side', '-n', nsKubectl.name, '-f', v1File]);
    kubectl(['apply', '--server-side', '-n', nsKubectl.name, '-f', v2File]);
    for (let round = 0; round <= RUNS; round++) {
      const order =
        round % 2 === 0
          ? (['paved', 'kubectl'] as const)
          : (['kubectl', 'paved'] as const);
      for (const who of order) {
        if (who === 'paved') {
          let outcome: RollbackOutcome | undefined;
          const ms = await timed(async () => {
            const checked = await paved.restorer.check({
              cluster: 'local',
              namespace: nsPaved.name,
              revision: 1,
              identity,
              platformAdmin: true,
            });
            const result = await paved.restorer.run(checked, {
              wait: false,
              timeoutSeconds: 120,
            });
            outcome = {
              applied: result.applied.length,
              pruned: result.pruned.map(p => p.name),
            };
          });
          outcomes.push(outcome!);
          if (round > 0) samples.paved.push(ms);
          await paved.apply(v2, nsPaved.name);
        } else {
          const ms = await timed(async () => {
            kubectl([
              'apply',
              '--server-side',
              '-n',
              nsKubectl.name,
              '-f',
              v1File,
            ]);
            kubectl(deleteArgs(nsKubectl.name, added));
          });
          if (round > 0) samples.kubectl.push(ms);
          kubectl([
            'apply',
            '--server-side',
            '-n',
            nsKubectl.name,
            '-f',
            v2File,
          ]);
        }
      }
    }
  } finally {
    await Promise.all([nsPaved.cleanup(), nsKubectl.cleanup()]);
    await paved.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const expected = added
    .map(a => a.name)
    .sort()
    .join(',');
  for (const o of outcomes) {
    if (o.applied !== v1.length || o.pruned.sort().join(',') !== expected) {
      throw new Error(
        `a Paved rollback applied ${o.applied} of ${
          v1.length
        } objects and removed [${o.pruned.join(
          ', ',
        )}] instead of [${expected}]`,
      );
    }
  }
  const pavedMs = median(samples.paved);
  const kubectlMs = median(samples.kubectl);
  const ratio = pavedMs / kubectlMs;
  console.log(
    `\nrollback of the ${label}: ${
      v1.length
    } objects, v2 -> v1 (new images on ${
      v1.filter(o => o.kind === 'Deployment').length
    } Deployments, ${added.length} added objects removed: ${added
      .map(a => a.kind)
      .join(', ')})`,
  );
  console.log(
    `  median of ${RUNS} rounds after one warm-up round, order alternating, each side in its own namespace, all as ${identity.user} through impersonation`,
  );
  console.log(
    `  kubectl apply --server-side -f v1 + kubectl delete --wait=false of the added ones   ${kubectlMs.toFixed(
      1,
    )} ms   (samples ${samples.kubectl.map(s => s.toFixed(0)).join(' ')})`,
  );
  console.log(
    `  Paved RevisionRestorer check + run (dry run, diff, apply, prune, record)            ${pavedMs.toFixed(
      1,
    )} ms   (samples ${samples.paved.map(s => s.toFixed(0)).join(' ')})`,
  );
  console.log(
    '  neither side waits for the rollout (Paved run with wait: false; no kubectl rollout status)',
  );
  console.log(
    `  Paved / kubectl = ${ratio.toFixed(2)}x   (goal <= ${GOAL_RATIO}x): ${
      ratio <= GOAL_RATIO ? 'PASS' : 'FAIL'
    }`,
  );
  return { ratio };
}
