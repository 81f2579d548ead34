import fs from 'node:fs';
import path from 'node:path';
import {
  KubernetesObject,
  parseManifests,
} from '../../../plugins/paved-node/src';
import { repoRoot } from '../../../plugins/paved-node/src/testUtils';
import { webServiceBundle } from '../bundle';

/**
 * The rollback bench's object sets: v1 is the 35-object microservices demo (`../shared/corpus/`, 12
 * Deployments, 12 Services, 11 ServiceAccounts, made guardrail-clean), or three golden-path bundles without their Secrets plus two
 * ConfigMaps when the corpus is absent; v2 changes every Deployment's image and adds a ConfigMap, a Service,
 * an HPA, a PDB and a NetworkPolicy.
 */

/** The names of the objects v2 adds, for `kubectl delete`, as `resource.group/name`. */
export interface AddedObject {
  kind: string;
  resource: string;
  name: string;
}

/**
 * The object as Paved would have let it through (a rollback re-checks guardrails): a RuntimeDefault seccomp
 * profile on the pod, and small requests, limits and exec probes on containers without them (the demo's
 * load generator).
 */
function guardrailClean(object: KubernetesObject): KubernetesObject {
  if (object.kind !== 'Deployment') return object;
  const copy = structuredClone(object) as any;
  const pod = copy.spec.template.spec;
  pod.securityContext = {
    ...pod.securityContext,
    seccompProfile: { type: 'RuntimeDefault' },
  };
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    c.resources = {
      requests: { cpu: '10m', memory: '32Mi', ...c.resources?.requests },
      limits: { cpu: '100m', memory: '64Mi', ...c.resources?.limits },
    };
  }
  for (const c of pod.containers) {
    const probe = { exec: { command: ['true'] } };
    c.livenessProbe ??= probe;
    c.readinessProbe ??= probe;
  }
  return copy;
}

/** The v1 set and where it came from. */
export function v1Objects(): { label: string; objects: KubernetesObject[] } {
  const corpus = path.join(
    repoRoot(),
    '..',
    'shared',
    'corpus',
    'microservices-demo',
    'kubernetes-manifests.yaml',
  );
  if (fs.existsSync(corpus)) {
    return {
      label: 'microservices demo (../shared/corpus)',
      objects: parseManifests(
        fs.readFileSync(corpus, 'utf8'),
        'microservices-demo',
      ).map(s => guardrailClean(s.object)),
    };
  }
  const objects = ['bench-a', 'bench-b', 'bench-c']
    .flatMap(name => webServiceBundle(name))
    .filter(o => o.kind !== 'Secret') as KubernetesObject[];
  for (const suffix of ['one', 'two']) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `bench-extra-${suffix}` },
      data: { KEY: suffix },
    });
  }
  return {
    label: 'three golden-path bundles (no corpus found)',
    objects,
  };
}

/** Every container image of `object` (a Deployment) with the tag `bench-v2`. */
function withNewImages(object: KubernetesObject): KubernetesObject {
  const copy = structuredClone(object) as any;
  for (const c of copy.spec?.template?.spec?.containers ?? []) {
    c.image = `${String(c.image).replace(/:[^:/]+$/, '')}:bench-v2`;
  }
  return copy;
}

/** v2 of the set: new images for every Deployment, and five objects of other kinds added. */
export function v2Objects(v1: KubernetesObject[]): {
  objects: KubernetesObject[];
  added: AddedObject[];
} {
  const target = v1.find(o => o.kind === 'Deployment')!;
  const selector = (target as any).spec.selector.matchLabels as Record<
    string,
    string
  >;
  const labels = { 'app.kubernetes.io/part-of': 'bench-rollback' };
  const extra: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'bench-added-flags', labels },
      data: { NEW_CHECKOUT: 'true' },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bench-added-canary', labels },
      spec: { selector, ports: [{ port: 8080, targetPort: 8080 }] },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'bench-added-hpa', labels },
      spec: {
        scaleTargetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: target.metadata.name,
        },
        minReplicas: 1,
        maxReplicas: 3,
        metrics: [
          {
            type: 'Resource',
            resource: {
              name: 'cpu',
              target: { type: 'Utilization', averageUtilization: 80 },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'bench-added-pdb', labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'bench-added-netpol', labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    },
  ];
  const resources: Record<string, string> = {
    ConfigMap: 'configmap',
    Service: 'service',
    HorizontalPodAutoscaler: 'horizontalpodautoscaler.autoscaling',
    PodDisruptionBudget: 'poddisruptionbudget.policy',
    NetworkPolicy: 'networkpolicy.networking.k8s.io',
  };
  return {
    objects: [
      ...v1.map(o => (o.kind === 'Deployment' ? withNewImages(o) : o)),
      ...extra,
    ],
    added: extra.map(o => ({
      kind: o.kind,
      resource: resources[o.kind],
      name: o.metadata.name,
    })),
  };
}
