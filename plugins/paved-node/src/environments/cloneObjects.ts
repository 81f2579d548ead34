import {
  KUBERNETES_ID_ANNOTATION,
  PAVED_ANNOTATIONS,
  PAVED_LABELS,
  PAVED_MANAGED_BY,
} from '@paved/plugin-paved-common';
import { KubernetesObject } from '../apply/types';

/**
 * Kinds an environment clone copies, with the API path to list them in a namespace.
 *
 * @public
 */
export const CLONED_KINDS = [
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    list: '/api/v1/namespaces/{ns}/serviceaccounts',
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    list: '/api/v1/namespaces/{ns}/configmaps',
  },
  { apiVersion: 'v1', kind: 'Secret', list: '/api/v1/namespaces/{ns}/secrets' },
  {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    list: '/api/v1/namespaces/{ns}/persistentvolumeclaims',
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    list: '/api/v1/namespaces/{ns}/services',
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    list: '/apis/apps/v1/namespaces/{ns}/deployments',
  },
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    list: '/apis/apps/v1/namespaces/{ns}/statefulsets',
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    list: '/apis/batch/v1/namespaces/{ns}/cronjobs',
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    list: '/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses',
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    list: '/apis/networking.k8s.io/v1/namespaces/{ns}/networkpolicies',
  },
  {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    list: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers',
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    list: '/apis/policy/v1/namespaces/{ns}/poddisruptionbudgets',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    list: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    list: '/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings',
  },
] as const;

/**
 * What happens to Secrets when an environment is cloned.
 * - `placeholder`: same names and keys, empty values, marked for the team to fill in (the default);
 * - `copy`: values copied — only ever from environments that are not protected;
 * - `skip`: no Secrets in the clone.
 *
 * @public
 */
export type SecretPolicy = 'placeholder' | 'copy' | 'skip';

/** Annotation on a placeholder Secret listing the keys the team has to fill in. */
export const PLACEHOLDER_ANNOTATION = PAVED_ANNOTATIONS.placeholderKeys;

/**
 * How to transform a source environment's objects into the target's.
 *
 * @public
 */
export interface CloneOptions {
  targetNamespace: string;
  /** Rewrites Ingress hosts, e.g. `checkout.production.example.com` → `checkout.preview-142.example.com`. */
  rewriteHost: (host: string) => string;
  /** Replicas for every Deployment and StatefulSet (and HPA minimum), e.g. 1 for previews. */
  replicas?: number;
  secretPolicy: SecretPolicy;
  /** Whether the source is protected; `copy` is refused for protected sources. */
  sourceProtected: boolean;
  /** Images to run instead of the source's, per component (a pull request's build in its preview). */
  images?: ImageOverride[];
}

/**
 * An image to run instead of the source's in a component's workloads: every workload labelled
 * `backstage.io/kubernetes-id: <component>` gets it in the container named after the component, or in its only
 * container.
 *
 * @public
 */
export interface ImageOverride {
  component: string;
  image: string;
}

/**
 * The result of {@link cloneObjects}: objects for the target and notes for the task log.
 *
 * @public
 */
export interface ClonePlan {
  objects: KubernetesObject[];
  notes: string[];
}

const DROPPED_METADATA = [
  'uid',
  'resourceVersion',
  'managedFields',
  'creationTimestamp',
  'generation',
  'ownerReferences',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'finalizers',
];
const DROPPED_ANNOTATION =
  /^(kubectl\.kubernetes\.io\/last-applied-configuration|deployment\.kubernetes\.io\/|pv\.kubernetes\.io\/|volume\.kubernetes\.io\/|volume\.beta\.kubernetes\.io\/|control-plane\.alpha\.kubernetes\.io\/|autoscaling\.alpha\.kubernetes\.io\/|kubernetes\.io\/service-account\.)/;

/**
 * Turns a source environment's objects into copies for the target: strips status, identity and controller
 * bookkeeping, cluster IPs and node ports; rewrites Ingress hosts; overrides replicas; handles Secrets by
 * policy. Objects Paved makes for every environment (quota, limits, policies, role bindings) and objects
 * that belong to a controller are left out, since the target environment gets its own.
 *
 * @public
 */
export function cloneObjects(
  source: KubernetesObject[],
  options: CloneOptions,
): ClonePlan {
  const notes: string[] = [];
  const objects: KubernetesObject[] = [];
  if (options.secretPolicy === 'copy' && options.sourceProtected) {
    throw new Error(
      'Secrets cannot be copied from a protected environment; use secretPolicy placeholder or skip',
    );
  }
  for (const original of source) {
    const label = `${original.kind} ${original.metadata.name}`;
    if (skip(original)) continue;
    const object = strip(original, options.targetNamespace);
    switch (object.kind) {
      case 'Service':
        stripServiceAddresses(object);
        break;
      case 'PersistentVolumeClaim':
        object.spec = {
          ...(object.spec as object),
          volumeName: undefined,
          dataSource: undefined,
          dataSourceRef: undefined,
        };
        dropUndefined(object.spec as Record<string, unknown>);
        notes.push(`${label}: claim copied without data`);
        break;
      case 'Ingress':
        rewriteIngress(object, options.rewriteHost, notes);
        break;
      case 'Deployment':
      case 'StatefulSet':
        if (options.replicas !== undefined) {
          (object.spec as Record<string, unknown>).replicas = options.replicas;
        }
        overrideImage(object, options.images, notes);
        break;
      case 'CronJob':
        overrideImage(object, options.images, notes);
        break;
      case 'HorizontalPodAutoscaler':
        if (options.replicas !== undefined) {
          const spec = object.spec as {
            minReplicas?: number;
            maxReplicas: number;
          };
          spec.minReplicas = options.replicas;
          spec.maxReplicas = Math.max(
            options.replicas,
            Math.min(spec.maxReplicas, options.replicas * 2),
          );
        }
        break;
      case 'Secret': {
        const secret = secretCopy(object, options, notes);
        if (!secret) continue;
        objects.push(secret);
        continue;
      }
      default:
        break;
    }
    objects.push(object);
  }
  return { objects, notes };
}

function skip(object: KubernetesObject): boolean {
  const { name, labels = {}, ownerReferences } = object.metadata;
  if (Array.isArray(ownerReferences) && ownerReferences.length > 0) return true;
  if (
    labels[PAVED_LABELS.managedBy] === PAVED_MANAGED_BY &&
    object.kind !== 'Secret'
  )
    return true;
  if (object.kind === 'ServiceAccount' && name === 'default') return true;
  if (object.kind === 'ConfigMap' && name === 'kube-root-ca.crt') return true;
  if (
    object.kind === 'Secret' &&
    ['kubernetes.io/service-account-token', 'helm.sh/release.v1'].includes(
      String(object.type),
    )
  )
    return true;
  return false;
}

function strip(object: KubernetesObject, namespace: string): KubernetesObject {
  const { status: _status, ...rest } = JSON.parse(
    JSON.stringify(object),
  ) as KubernetesObject;
  const metadata: KubernetesObject['metadata'] = {
    ...rest.metadata,
    namespace,
  };
  for (const key of DROPPED_METADATA) delete metadata[key];
  if (metadata.annotations) {
    const kept = Object.entries(metadata.annotations).filter(
      ([k]) => !DROPPED_ANNOTATION.test(k),
    );
    if (kept.length) metadata.annotations = Object.fromEntries(kept);
    else delete metadata.annotations;
  }
  return { ...rest, metadata };
}

function stripServiceAddresses(service: KubernetesObject) {
  const spec = service.spec as Record<string, any>;
  const headless = spec.clusterIP === 'None';
  for (const key of [
    'clusterIP',
    'clusterIPs',
    'healthCheckNodePort',
    'loadBalancerIP',
    'externalIPs',
  ])
    delete spec[key];
  if (headless) spec.clusterIP = 'None';
  for (const port of spec.ports ?? []) delete port.nodePort;
}

function rewriteIngress(
  ingress: KubernetesObject,
  rewriteHost: (h: string) => string,
  notes: string[],
) {
  const spec = ingress.spec as {
    rules?: Array<{ host?: string }>;
    tls?: Array<{ hosts?: string[]; secretName?: string }>;
  };
  for (const rule of spec.rules ?? []) {
    if (rule.host) {
      const host = rewriteHost(rule.host);
      notes.push(
        `Ingress ${ingress.metadata.name}: host ${rule.host} → ${host}`,
      );
      rule.host = host;
    }
  }
  for (const tls of spec.tls ?? []) {
    tls.hosts = tls.hosts?.map(rewriteHost);
  }
}

function secretCopy(
  secret: KubernetesObject,
  options: CloneOptions,
  notes: string[],
): KubernetesObject | undefined {
  const label = `Secret ${secret.metadata.name}`;
  if (options.secretPolicy === 'skip') {
    notes.push(`${label}: not copied (secret policy "skip")`);
    return undefined;
  }
  if (options.secretPolicy === 'copy') {
    notes.push(`${label}: values copied (secret policy "copy")`);
    return secret;
  }
  const keys = [
    ...new Set([
      ...Object.keys((secret.data as object) ?? {}),
      ...Object.keys((secret.stringData as object) ?? {}),
    ]),
  ].sort();
  notes.push(
    `${label}: placeholder with keys ${
      keys.join(', ') || '(none)'
    }; fill in the values`,
  );
  const { data: _data, stringData: _stringData, ...rest } = secret;
  return {
    ...rest,
    metadata: {
      ...secret.metadata,
      annotations: {
        ...(secret.metadata.annotations ?? {}),
        [PLACEHOLDER_ANNOTATION]: keys.join(','),
      },
    },
    stringData: Object.fromEntries(keys.map(k => [k, ''])),
  };
}

/** The pod template's containers of a Deployment, StatefulSet or CronJob. */
function templateContainers(
  workload: KubernetesObject,
): Array<{ name: string; image?: string }> {
  const spec = workload.spec as Record<string, any> | undefined;
  const template =
    workload.kind === 'CronJob'
      ? spec?.jobTemplate?.spec?.template
      : spec?.template;
  return template?.spec?.containers ?? [];
}

/**
 * The container of a component's workload an {@link ImageOverride} changes: the one named after the component,
 * or the only one.
 */
export function overriddenContainer(
  workload: KubernetesObject,
  component: string,
): { name: string; image?: string } | undefined {
  const containers = templateContainers(workload);
  return (
    containers.find(c => c.name === component) ??
    (containers.length === 1 ? containers[0] : undefined)
  );
}

function overrideImage(
  workload: KubernetesObject,
  images: ImageOverride[] | undefined,
  notes: string[],
) {
  const component = workload.metadata.labels?.[KUBERNETES_ID_ANNOTATION];
  const override = images?.find(i => i.component === component);
  if (!override) return;
  const containers = templateContainers(workload);
  const container = overriddenContainer(workload, override.component);
  const label = `${workload.kind} ${workload.metadata.name}`;
  if (!container) {
    notes.push(
      `${label}: image not changed: no container named ${override.component} among ${containers.length}`,
    );
    return;
  }
  notes.push(
    `${label}: container ${container.name} runs ${override.image} (was ${container.image})`,
  );
  container.image = override.image;
}

function dropUndefined(record: Record<string, unknown>) {
  for (const [key, value] of Object.entries(record))
    if (value === undefined) delete record[key];
}
