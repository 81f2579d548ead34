import { podTemplates } from '../guardrails/podTemplates';
import { KubernetesObject } from './types';

/** Kinds whose objects apply to every pod made in their namespace (defaults, limits). */
const NAMESPACE_POLICY_KINDS = new Set(['LimitRange', 'ResourceQuota']);

/** Cluster-scoped kinds a pod can name. */
const CLUSTER_SCOPED = new Set(['PriorityClass', 'RuntimeClass']);

type Named = { kind: string; name: string };

const list = (value: unknown): any[] => (Array.isArray(value) ? value : []);

/** What a pod spec names that must exist before its pods can be made (or made as meant). */
function namedBy(spec: any): Named[] {
  const named: Named[] = [];
  const add = (kind: string, name: unknown) => {
    if (typeof name === 'string' && name) named.push({ kind, name });
  };
  add('ServiceAccount', spec.serviceAccountName ?? spec.serviceAccount);
  add('PriorityClass', spec.priorityClassName);
  add('RuntimeClass', spec.runtimeClassName);
  for (const secret of list(spec.imagePullSecrets)) add('Secret', secret?.name);
  for (const volume of list(spec.volumes)) {
    add('ConfigMap', volume?.configMap?.name);
    add('Secret', volume?.secret?.secretName);
    add('PersistentVolumeClaim', volume?.persistentVolumeClaim?.claimName);
    for (const source of list(volume?.projected?.sources)) {
      add('ConfigMap', source?.configMap?.name);
      add('Secret', source?.secret?.name);
    }
  }
  for (const container of [
    ...list(spec.containers),
    ...list(spec.initContainers),
  ]) {
    for (const from of list(container?.envFrom)) {
      add('ConfigMap', from?.configMapRef?.name);
      add('Secret', from?.secretRef?.name);
    }
    for (const variable of list(container?.env)) {
      add('ConfigMap', variable?.valueFrom?.configMapKeyRef?.name);
      add('Secret', variable?.valueFrom?.secretKeyRef?.name);
    }
  }
  return named;
}

/** Whether two objects of one set share a namespace (one without a namespace gets the set's default). */
function sameNamespace(a: KubernetesObject, b: KubernetesObject): boolean {
  const x = a.metadata.namespace;
  const y = b.metadata.namespace;
  return x === undefined || y === undefined || x === y;
}

/**
 * The objects of `objects` (by index) that the workload at `index` needs in place before its pods are made:
 * the ServiceAccount, ConfigMaps, Secrets, PersistentVolumeClaims, PriorityClass and RuntimeClass its pod
 * template names, and every LimitRange and ResourceQuota of its namespace (pods made before them would miss
 * their defaults or be refused). An autoscaler needs what the workload it scales needs. Other objects answer
 * none.
 */
export function podDependencies(
  objects: KubernetesObject[],
  index: number,
): number[] {
  const object = objects[index];
  if (object.kind === 'HorizontalPodAutoscaler') {
    const target = (object as any).spec?.scaleTargetRef;
    const scaled = objects.findIndex(
      o =>
        o.kind === target?.kind &&
        o.metadata.name === target?.name &&
        sameNamespace(o, object),
    );
    return scaled < 0 ? [] : podDependencies(objects, scaled);
  }
  const templates = podTemplates(object);
  if (templates.length === 0) return [];
  const named = templates.flatMap(t => namedBy(t.spec));
  return objects
    .map((candidate, i) => ({ candidate, i }))
    .filter(({ candidate }) => {
      const isNamed = named.some(
        n => n.kind === candidate.kind && n.name === candidate.metadata.name,
      );
      if (CLUSTER_SCOPED.has(candidate.kind)) return isNamed;
      return (
        sameNamespace(candidate, object) &&
        (isNamed || NAMESPACE_POLICY_KINDS.has(candidate.kind))
      );
    })
    .map(({ i }) => i);
}
