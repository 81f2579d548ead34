/**
 * A Kubernetes object as Paved applies it.
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/**
 * A manifest and where it came from, so problems can point at it.
 *
 * @public
 */
export interface SourcedObject {
  object: KubernetesObject;
  /** e.g. `manifests/app.yaml#2` or `inline#0`. */
  source: string;
}

/**
 * What applying one object did.
 *
 * @public
 */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/**
 * One applied object.
 *
 * @public
 */
export type AppliedObject = {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  result: ApplyOutcome;
};
