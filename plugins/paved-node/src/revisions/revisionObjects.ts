import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';
import { stripServerFields } from '../apply/diff';
import { KubernetesObject } from '../apply/types';
import { redactSecrets } from '../secrets/redact';

/**
 * An object as a revision keeps it: without what the server maintains (status, managed fields, resource
 * version, …), and a Secret with its key names only, each value replaced by the `redacted` marker.
 *
 * @public
 */
export function toRevisionObject(object: KubernetesObject): KubernetesObject {
  return stripServerFields(redactSecrets(object));
}

/**
 * The catalog component an object belongs to: its `backstage.io/kubernetes-id` label.
 *
 * @public
 */
export function componentOf(object: {
  metadata: { labels?: Record<string, string> };
}): string | undefined {
  return object.metadata.labels?.[KUBERNETES_ID_ANNOTATION] || undefined;
}

/**
 * The components of a set of objects, sorted, each once.
 *
 * @public
 */
export function componentsOf(objects: KubernetesObject[]): string[] {
  return [
    ...new Set(
      objects.map(componentOf).filter((c): c is string => Boolean(c)),
    ),
  ].sort();
}

/**
 * How objects of one environment are told apart across revisions: `Kind/name` (with the API group, so
 * two kinds of the same name in different groups differ).
 *
 * @public
 */
export function revisionObjectKey(object: {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}): string {
  const group = object.apiVersion.includes('/')
    ? `.${object.apiVersion.split('/')[0]}`
    : '';
  return `${object.kind}${group}/${object.metadata.name}`;
}

/**
 * `Kind/name`, as revisions and rollbacks name an object to people.
 *
 * @public
 */
export function revisionObjectName(object: {
  kind: string;
  metadata: { name: string };
}): string {
  return `${object.kind}/${object.metadata.name}`;
}
