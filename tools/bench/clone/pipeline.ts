import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The pipeline's steps, in order. */
export const PIPELINE_STEPS = [
  'get',
  'transform',
  'namespace',
  'apply',
] as const;

/** Milliseconds of each step of one pipeline run. */
export type PipelineSteps = Record<(typeof PIPELINE_STEPS)[number], number>;

/** The kinds the pipeline reads: those the source environment holds. */
const KINDS =
  'deployments,services,configmaps,secrets,serviceaccounts,ingresses,horizontalpodautoscalers,poddisruptionbudgets,networkpolicies';

/** The transform a person would write: drop what the server owns and what belongs to the environment. */
function transform(list: { items: any[] }, target: string) {
  list.items = list.items
    .filter(
      o =>
        !o.metadata.ownerReferences &&
        !(o.kind === 'ServiceAccount' && o.metadata.name === 'default') &&
        o.metadata.name !== 'kube-root-ca.crt' &&
        !o.metadata.name.startsWith('paved-'),
    )
    .map(o => {
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
  return list;
}

/**
 * What a person would script to copy an environment: `kubectl get <kinds> -n <source> -o json`, strip server
 * fields in a small program, `kubectl create namespace <target>`, `kubectl apply -f` (client-side apply, the
 * default), as cluster-admin. Answers each step's time.
 */
export function kubectlPipeline(
  kubectl: string,
  kubeconfig: string,
  source: string,
  target: string,
): PipelineSteps {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-clone-'));
  const file = path.join(dir, 'objects.json');
  const steps = {} as PipelineSteps;
  let at = performance.now();
  const lap = (step: keyof PipelineSteps) => {
    const now = performance.now();
    steps[step] = now - at;
    at = now;
  };
  try {
    const json = execFileSync(
      kubectl,
      ['--kubeconfig', kubeconfig, 'get', KINDS, '-n', source, '-o', 'json'],
      { maxBuffer: 64 << 20 },
    );
    lap('get');
    fs.writeFileSync(
      file,
      JSON.stringify(transform(JSON.parse(json.toString()), target)),
    );
    lap('transform');
    execFileSync(
      kubectl,
      ['--kubeconfig', kubeconfig, 'create', 'namespace', target],
      { stdio: 'ignore' },
    );
    lap('namespace');
    execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', file], {
      stdio: 'ignore',
    });
    lap('apply');
    return steps;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
