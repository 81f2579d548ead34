import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { ConfigReader } from '@backstage/config';
import {
  ApplyEngine,
  KubernetesClient,
  ResourceMapper,
  objectPath,
  parseManifests,
  readGuardrailPolicy,
  KubernetesObject,
} from '../../plugins/paved-node/src';
import {
  createTestNamespace,
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
  repoRoot,
} from '../../plugins/paved-node/src/testUtils';
import { webServiceBundle } from './bundle';
import { median, timed } from './stats';

/** Everyone acts as the same platform admin through the backend's identity, kubectl included. */
const identity = {
  user: 'user:default/erin',
  groups: ['paved:platform-admins'],
};

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Server-side apply of every object at once with paths resolved in advance: the floor for any client. */
async function rawParallelPatch(
  client: KubernetesClient,
  objects: KubernetesObject[],
  namespace: string,
  paths: string[],
) {
  await Promise.all(
    objects.map((object, i) =>
      client.request({
        method: 'PATCH',
        path: paths[i],
        query: { fieldManager: 'floor' },
        contentType: 'application/apply-patch+yaml',
        body: { ...object, metadata: { ...object.metadata, namespace } },
      }),
    ),
  );
}

async function benchSet(
  label: string,
  objects: KubernetesObject[],
  kubectl: string,
) {
  const env = localClusterEnv();
  const admin = await localAdminClient();
  const registry = localClusterRegistry();
  const client = await registry.client('local', identity);
  const engine = new ApplyEngine(
    registry,
    readGuardrailPolicy(new ConfigReader({})),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-bench-'));
  const file = path.join(dir, 'manifests.yaml');
  fs.writeFileSync(file, objects.map(o => yaml.stringify(o)).join('---\n'));
  const samples = {
    engine: [] as number[],
    planned: [] as number[],
    kubectl: [] as number[],
    floor: [] as number[],
  };
  for (let run = 0; run < RUNS; run++) {
    // each contender creates the whole set in a fresh namespace; the order rotates so no one always goes first
    const order = (['engine', 'kubectl', 'floor'] as const).map(
      (_, i, all) => all[(i + run) % all.length],
    );
    for (const who of order) {
      const ns = await createTestNamespace(admin, { prefix: `bench-${who}` });
      try {
        if (who === 'engine') {
          const sources = objects.map((object, i) => ({
            object,
            source: `${label}#${i}`,
          }));
          let plan: Awaited<ReturnType<ApplyEngine['plan']>> | undefined;
          const planMs = await timed(async () => {
            plan = await engine.plan({
              cluster: 'local',
              objects: sources,
              defaultNamespace: ns.name,
              identity,
              skipGuardrails: true,
            });
          });
          const applyMs = await timed(async () => {
            await engine.apply(plan!, { identity });
          });
          samples.engine.push(applyMs);
          samples.planned.push(planMs + applyMs);
        } else if (who === 'kubectl') {
          samples.kubectl.push(
            await timed(async () => {
              execFileSync(
                kubectl,
                [
                  '--kubeconfig',
                  env.PAVED_BACKSTAGE_KUBECONFIG,
                  `--as=${identity.user}`,
                  ...identity.groups.map(g => `--as-group=${g}`),
                  'apply',
                  '--server-side',
                  '-n',
                  ns.name,
                  '-f',
                  file,
                ],
                { stdio: 'ignore' },
              );
            }),
          );
        } else {
          const mapper = new ResourceMapper(client);
          const paths = await Promise.all(
            objects.map(async o => (await objectPath(mapper, o, ns.name)).path),
          );
          samples.floor.push(
            await timed(() =>
              rawParallelPatch(client, objects, ns.name, paths),
            ),
          );
        }
      } finally {
        await ns.cleanup();
      }
    }
  }
  const engineMs = median(samples.engine);
  const plannedMs = median(samples.planned);
  const kube = median(samples.kubectl);
  const floor = median(samples.floor);
  console.log(
    `\n${label}: ${objects.length} objects, median of ${RUNS} runs, all as ${identity.user} through impersonation`,
  );
  console.log(`  kubectl apply --server-side            ${kube.toFixed(1)} ms`);
  console.log(
    `  raw parallel PATCH (floor)             ${floor.toFixed(1)} ms`,
  );
  console.log(
    `  Paved engine apply (of a checked plan) ${engineMs.toFixed(1)} ms`,
  );
  console.log(
    `  Paved dry run + diff + apply           ${plannedMs.toFixed(1)} ms`,
  );
  console.log(
    `  engine / kubectl = ${(engineMs / kube).toFixed(2)}x   (goal <= 0.5x)`,
  );
  console.log(
    `  engine / floor   = ${(engineMs / floor).toFixed(2)}x   (goal <= 1.3x)`,
  );
  console.log(
    `  dry run + diff + apply / kubectl = ${(plannedMs / kube).toFixed(2)}x`,
  );
}

async function main() {
  const kubectl = localClusterEnv().PAVED_KUBECTL;
  await benchSet(
    'golden-path bundle',
    webServiceBundle('bench-web') as KubernetesObject[],
    kubectl,
  );
  const corpus = path.join(
    repoRoot(),
    '..',
    'shared',
    'corpus',
    'microservices-demo',
    'kubernetes-manifests.yaml',
  );
  if (fs.existsSync(corpus)) {
    const objects = parseManifests(
      fs.readFileSync(corpus, 'utf8'),
      'microservices-demo',
    ).map(s => s.object);
    await benchSet('microservices demo', objects, kubectl);
  } else {
    console.log(`\n(no ${corpus}; the real-world set is skipped)`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
