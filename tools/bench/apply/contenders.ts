import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ApplyEngine,
  ClusterIdentity,
  KubernetesClient,
  KubernetesObject,
  ResourceMapper,
  objectPath,
  readGuardrailPolicy,
  recordRevisions,
} from '../../../plugins/paved-node/src';
import {
  localClusterEnv,
  localClusterRegistry,
} from '../../../plugins/paved-node/src/testUtils';
import { RevisionStore } from '../../../plugins/paved-backend/src/revisions/RevisionStore';
import { StepTimes, withSteps } from '../shared/steps';

/** One timed run of a contender: its wall time, and Paved's time per step. */
export interface Sample {
  ms: number;
  steps?: StepTimes;
}

/** Something that applies a set of objects into a namespace, timed. */
export type Contender = (
  objects: KubernetesObject[],
  namespace: string,
  file: string,
) => Promise<Sample>;

/** `kubectl apply --server-side -f <file> -n <ns>` as `identity` (impersonated), one process per run. */
export function kubectlContender(identity: ClusterIdentity): Contender {
  const env = localClusterEnv();
  return async (_objects, namespace, file) => {
    const start = performance.now();
    execFileSync(
      env.PAVED_KUBECTL,
      [
        '--kubeconfig',
        env.PAVED_BACKSTAGE_KUBECONFIG,
        `--as=${identity.user}`,
        ...identity.groups.map(g => `--as-group=${g}`),
        'apply',
        '--server-side',
        '-n',
        namespace,
        '-f',
        file,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { ms: performance.now() - start };
  };
}

/**
 * The floor for any client: server-side apply of every object at once through Paved's client (same
 * connection pool and identity), with the paths resolved before the clock starts.
 */
export function floorContender(client: KubernetesClient): Contender {
  const mapper = new ResourceMapper(client);
  return async (objects, namespace) => {
    const paths = await Promise.all(
      objects.map(async o => (await objectPath(mapper, o, namespace)).path),
    );
    const start = performance.now();
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
    return { ms: performance.now() - start };
  };
}

/**
 * Paved's whole path as the scaffolder's apply action runs it: the engine's plan (discovery, guardrails,
 * Secret references, dry run, diff, blast radius and cost forecast) as a platform admin allowed to change
 * the namespace, the apply, and the revision recorded in a revision store (SQLite in memory here,
 * PostgreSQL in a backend). Each step's time comes from the engine's diagnostics channel.
 */
export async function pavedContender(identity: ClusterIdentity): Promise<{
  contender: Contender;
  close: () => Promise<void>;
}> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await RevisionStore.create({
    database: mockServices.database({ knex }),
  });
  const recorder = store.recorder(mockServices.rootLogger());
  const engine = new ApplyEngine(
    localClusterRegistry(),
    readGuardrailPolicy(new ConfigReader({})),
  );
  const contender: Contender = async (objects, namespace) => {
    const start = performance.now();
    const { steps } = await withSteps(async () => {
      const plan = await engine.plan({
        cluster: 'local',
        objects: objects.map((object, i) => ({ object, source: `bench#${i}` })),
        defaultNamespace: namespace,
        identity,
        authorizedNamespaces: [namespace],
        platformAdmin: true,
      });
      const planned = performance.now();
      const { applied } = await engine.apply(plan, { identity });
      const recording = performance.now();
      const revisions = await recordRevisions(recorder, {
        plan,
        actor: identity.user,
        source: { kind: 'apply' },
        applied,
      });
      if (revisions.length !== 1) {
        throw new Error(`expected one revision, recorded ${revisions.length}`);
      }
      // the bench's own clock for the three parts, which an engine without step timings has too
      return {
        plan: planned - start,
        apply: recording - planned,
        record: performance.now() - recording,
      };
    }).then(({ value, steps: engineSteps }) => ({
      steps: { ...engineSteps, ...value },
    }));
    return { ms: performance.now() - start, steps };
  };
  return { contender, close: async () => knex.destroy() };
}
