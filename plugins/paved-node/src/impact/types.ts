import { KubernetesObject } from '../apply/types';

/**
 * The live objects of one namespace before a change: what a change's impact is computed against. Every
 * array holds objects with `kind` set; a kind that could not be read is an empty array (and a note).
 *
 * @public
 */
export interface LiveState {
  pods: KubernetesObject[];
  services: KubernetesObject[];
  /** Pod-template workloads that run continuously: Deployments, StatefulSets and DaemonSets. */
  workloads: KubernetesObject[];
  podDisruptionBudgets: KubernetesObject[];
  horizontalPodAutoscalers: KubernetesObject[];
  networkPolicies: KubernetesObject[];
  /**
   * Labels of the namespace itself, for NetworkPolicy `namespaceSelector`s. When absent only the immutable
   * `kubernetes.io/metadata.name` label is assumed.
   */
  namespaceLabels?: Record<string, string>;
}

/**
 * A namespace's live state, and why parts of it could not be read (e.g. a kind the user may not list).
 *
 * @public
 */
export interface LiveStateRead {
  state: LiveState;
  notes: string[];
}

/**
 * An object a change removes (a rollback prunes what a later revision added), by kind and name.
 *
 * @public
 */
export interface RemovedObjectRef {
  kind: string;
  name: string;
}
