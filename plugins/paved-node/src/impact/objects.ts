import { isDeepStrictEqual } from 'node:util';
import { KubernetesObject } from '../apply/types';
import { LabelSelectorSpec } from './selectors';
import { RemovedObjectRef } from './types';

/** The workload kinds whose pods run continuously; a Job's or CronJob's pods are not restarted by a change. */
export const RUNNING_WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
] as const;

/** Kinds that have `spec.replicas` (a DaemonSet runs one pod per node instead). */
const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet']);

/** `Kind/name`, how objects are named in the impact. */
export function objectKey(object: KubernetesObject | RemovedObjectRef): string {
  const name = 'metadata' in object ? object.metadata.name : object.name;
  return `${object.kind}/${name}`;
}

/** `Kind name`, how messages name objects. */
export function spoken(key: string): string {
  return key.replace('/', ' ');
}

/** The spec of an object, or an empty object. */
export function specOf(
  object: KubernetesObject | undefined,
): Record<string, any> {
  const spec = object?.spec;
  return spec && typeof spec === 'object' ? (spec as Record<string, any>) : {};
}

/** Whether a workload kind runs continuously (Deployment, StatefulSet, DaemonSet). */
export function isRunningWorkload(object: KubernetesObject): boolean {
  return (RUNNING_WORKLOAD_KINDS as readonly string[]).includes(object.kind);
}

/** The labels a workload's pods get from its pod template. */
export function templateLabels(
  workload: KubernetesObject | undefined,
): Record<string, string> {
  return (specOf(workload).template?.metadata?.labels ?? {}) as Record<
    string,
    string
  >;
}

/** A workload's pod selector (`spec.selector`). */
export function workloadSelector(
  workload: KubernetesObject,
): LabelSelectorSpec | undefined {
  return specOf(workload).selector as LabelSelectorSpec | undefined;
}

/** Whether a workload's pod template differs between two versions of it. */
export function templateChanges(
  before: KubernetesObject,
  after: KubernetesObject,
): boolean {
  return !isDeepStrictEqual(specOf(before).template, specOf(after).template);
}

/**
 * The replicas a workload asks for: `spec.replicas` (1 when unset) for a Deployment or StatefulSet; a
 * DaemonSet counts as 1, since its pod count is its node count, which the change does not set.
 */
export function replicasOf(workload: KubernetesObject): number {
  if (!REPLICATED_KINDS.has(workload.kind)) return 1;
  const replicas = specOf(workload).replicas;
  return typeof replicas === 'number' && replicas >= 0 ? replicas : 1;
}

/** The `Kind/name` an HPA scales (`spec.scaleTargetRef`), if it names one. */
export function hpaTarget(hpa: KubernetesObject): string | undefined {
  const ref = specOf(hpa).scaleTargetRef;
  if (!ref?.kind || !ref?.name) return undefined;
  return `${ref.kind}/${ref.name}`;
}

/** An HPA's replica range: `minReplicas` (1 when unset) to `maxReplicas`. */
export function hpaRange(hpa: KubernetesObject): { min: number; max: number } {
  const spec = specOf(hpa);
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  const max = typeof spec.maxReplicas === 'number' ? spec.maxReplicas : min;
  return { min, max };
}

/** The change's objects in one namespace (those without a namespace are taken as in it). */
export function inNamespace(
  objects: KubernetesObject[],
  namespace: string,
): KubernetesObject[] {
  return objects.filter(
    o =>
      o.metadata.namespace === undefined || o.metadata.namespace === namespace,
  );
}

/**
 * The objects of some kinds after a change: each live object replaced by its changed version, removed ones
 * left out, new ones added; sorted by `Kind/name`.
 */
export function afterState(
  live: KubernetesObject[],
  changed: Map<string, KubernetesObject>,
  removed: Set<string>,
  kinds: ReadonlySet<string>,
): KubernetesObject[] {
  const after = new Map<string, KubernetesObject>();
  for (const object of live) {
    const key = objectKey(object);
    if (!removed.has(key)) after.set(key, changed.get(key) ?? object);
  }
  for (const [key, object] of changed) {
    if (kinds.has(object.kind) && !removed.has(key)) after.set(key, object);
  }
  return [...after.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, object]) => object);
}

/** Objects by `Kind/name`. */
export function byKey(
  objects: KubernetesObject[],
): Map<string, KubernetesObject> {
  return new Map(objects.map(o => [objectKey(o), o]));
}
