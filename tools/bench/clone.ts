import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import {
  ApplyEngine,
  EnvironmentService,
  KubernetesObject,
  applyObjects,
  readGuardrailPolicy,
} from '../../plugins/paved-node/src';
import {
  localAdminClient,
  localClusterEnv,
  localClusterRegistry,
} from '../../plugins/paved-node/src/testUtils';
import { webServiceBundle } from './bundle';
import { median, msSince } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const bob = {
  user: 'user:default/bob',
  groups: ['group:default/team-checkout'],
};
const erin = {
  user: 'user:default/erin',
  groups: ['group:default/team-platform'],
};

/** 100 objects: ten 10-object apps (the bundle without its RBAC pair). */
function sourceObjects(): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (let i = 0; i < 10; i++) {
    const app = webServiceBundle(`app-${i}`).filter(
      o => o.kind !== 'Role' && o.kind !== 'RoleBinding',
    );
    for (const o of app) {
      if (o.kind === 'Deployment' || o.kind === 'HorizontalPodAutoscaler') {
        if (o.kind === 'Deployment') o.spec.replicas = 1;
        else o.spec.minReplicas = 1;
      }
    }
    objects.push(...(app as KubernetesObject[]));
  }
  return objects;
}

/** What a person would script: kubectl get -o json, strip server fields in a small program, kubectl apply. */
function kubectlPipeline(
  kubectl: string,
  kubeconfig: string,
  source: string,
  target: string,
) {
  const kinds =
    'deployments,services,configmaps,secrets,serviceaccounts,ingresses,horizontalpodautoscalers,poddisruptionbudgets,networkpolicies';
  const json = execFileSync(
    kubectl,
    ['--kubeconfig', kubeconfig, 'get', kinds, '-n', source, '-o', 'json'],
    { maxBuffer: 64 << 20 },
  );
  const list = JSON.parse(json.toString());
  list.items = list.items
    .filter(
      (o: any) =>
        !o.metadata.ownerReferences &&
        !(o.kind === 'ServiceAccount' && o.metadata.name === 'default') &&
        o.metadata.name !== 'kube-root-ca.crt' &&
        !o.metadata.name.startsWith('paved-'),
    )
    .map((o: any) => {
      const { status: _s, ...rest } = o;
      const {
        uid: _u,
        resourceVersion: _r,
        managedFields: _m,
        creationTimestamp: _c,
        generation: _g,
        ...metadata
      } = o.metadata;
      if (rest.kind === 'Service') {
        delete rest.spec.clusterIP;
        delete rest.spec.clusterIPs;
      }
      return { ...rest, metadata: { ...metadata, namespace: target } };
    });
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'paved-clone-')),
    'objects.json',
  );
  fs.writeFileSync(file, JSON.stringify(list));
  execFileSync(
    kubectl,
    ['--kubeconfig', kubeconfig, 'create', 'namespace', target],
    { stdio: 'ignore' },
  );
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', file], {
    stdio: 'ignore',
  });
}

async function main() {
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
  const created = [source.namespace];
  try {
    await applyObjects(admin, sourceObjects(), {
      defaultNamespace: source.namespace,
    });
    const count = sourceObjects().length;
    const paved: number[] = [];
    const pipeline: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const name = `bench-${stamp}-${run}`;
      let start = process.hrtime.bigint();
      const result = await environments.clone({
        cluster: 'local',
        source: source.namespace,
        target: {
          name,
          team: 'group:default/team-checkout',
          size: 'large',
          lifecycle: 'ephemeral',
          ttlHours: 1,
        },
        actor: bob,
        wait: false,
      });
      paved.push(msSince(start));
      created.push(result.namespace);
      const target = `bench-kubectl-${stamp}-${run}`;
      start = process.hrtime.bigint();
      kubectlPipeline(
        env.PAVED_KUBECTL,
        env.PAVED_KUBE_ADMIN_KUBECONFIG,
        source.namespace,
        target,
      );
      pipeline.push(msSince(start));
      created.push(target);
    }
    const p = median(paved);
    const k = median(pipeline);
    console.log(
      `\nclone of a ${count}-object environment, median of ${RUNS} runs (rollout wait not included)`,
    );
    console.log(
      `  kubectl get -o json | transform | kubectl apply   ${k.toFixed(0)} ms`,
    );
    console.log(
      `  Paved clone (create env + guardrails + dry run + apply)   ${p.toFixed(
        0,
      )} ms   (goal <= 2000 ms)`,
    );
    console.log(`  Paved / pipeline = ${(p / k).toFixed(2)}x   (goal <= 0.3x)`);
  } finally {
    for (const ns of created) {
      await admin
        .request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}` })
        .catch(() => undefined);
    }
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
