import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import {
  createTestEnvironment,
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
} from '../../../plugins/paved-node/src/testUtils';
import { finish, kubectlVersion, machineState } from '../shared/machine';
import { deleteAndWait } from '../shared/namespaces';
import { QuietGate } from '../shared/quiet';
import {
  Contender,
  Sample,
  floorContender,
  kubectlContender,
  pavedContender,
} from './contenders';
import { SetSamples, printReport } from './report';
import { objectSets } from './sets';

/**
 * `yarn bench apply` (issues 8 and 17): Paved's whole apply path against `kubectl apply --server-side` and
 * against the floor (every object's server-side apply sent at once), for a golden-path bundle and the
 * 35-object microservices demo.
 *
 *   yarn bench apply                                   # 1 warm-up round + 9 measured rounds per set
 *   BENCH_RUNS=15 yarn bench apply                     # more rounds
 *   node -r sucrase/register tools/bench/run.ts apply  # without `yarn bench`'s `up.sh` (cluster already up)
 *   BENCH_LABEL=after yarn bench apply                # names the run in its output and its JSON line
 *
 * Fairness: all three act as the same user through impersonation, into the same kind of namespace (a fresh
 * Paved test environment each run, deleted and gone before the next, the run starting once the machine is quiet
 * again: `QuietGate`); every round runs each contender once,
 * the order rotating; the first round warms both sides (kubectl's discovery cache, Paved's discovery cache
 * and connections) and is not counted. Output: tables, every run, and one `BENCH_RESULT {json}` line.
 */

/** Everyone acts as the same platform admin through impersonation, kubectl included. */
const identity = {
  user: 'user:default/erin',
  groups: ['paved:platform-admins'],
};
/** The team of the bench's environments (its own, so no other suite lists them). */
const TEAM = 'group:default/bench-apply';
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WHO = ['paved', 'kubectl', 'floor'] as const;

async function main() {
  const machine = machineState();
  const env = localClusterEnv();
  const admin = await localAdminClient();
  const client = await localClusterRegistry().client('local', identity);
  const paved = await pavedContender(identity);
  const contenders: Record<(typeof WHO)[number], Contender> = {
    paved: paved.contender,
    kubectl: kubectlContender(identity),
    floor: floorContender(client),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-bench-apply-'));
  const sets: SetSamples[] = [];
  const quiet = new QuietGate();
  try {
    for (const set of objectSets()) {
      const file = path.join(dir, `${set.name.replace(/\W+/g, '-')}.yaml`);
      fs.writeFileSync(
        file,
        set.objects.map(o => yaml.stringify(o)).join('---\n'),
      );
      const samples: Record<(typeof WHO)[number], Sample[]> = {
        paved: [],
        kubectl: [],
        floor: [],
      };
      for (let round = 0; round <= RUNS; round++) {
        const order = WHO.map((_, i) => WHO[(i + round) % WHO.length]);
        for (const who of order) {
          const ns = await createTestEnvironment(admin, {
            team: TEAM,
            prefix: `bench-${who}`,
            backendAccess: true,
          });
          try {
            // the controllers' work for the new namespace (and the previous one's deletion) is done first
            await quiet.wait();
            const sample = await contenders[who](set.objects, ns.name, file);
            if (round > 0) samples[who].push(sample);
          } finally {
            await deleteAndWait(admin, ns.name);
          }
        }
        process.stderr.write(
          `${set.name}: ${
            round === 0 ? 'warm-up round' : `round ${round}`
          } done\n`,
        );
      }
      sets.push({ set: set.name, objects: set.objects.length, ...samples });
    }
  } finally {
    await paved.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const pass = printReport({
    machine: finish(machine, quiet),
    baseline:
      `kubectl ${kubectlVersion(
        env.PAVED_KUBECTL,
      )} apply --server-side -f <set>.yaml -n <ns> (one process per run, its discovery cache warm), as ${
        identity.user
      } impersonated by Paved's kubeconfig; floor: every object's server-side apply PATCH sent at once through ` +
      `Paved's client, paths resolved in advance`,
    rounds: RUNS,
    sets,
  });
  return pass;
}

main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
