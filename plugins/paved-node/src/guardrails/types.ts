/**
 * One broken guardrail: which object, which field, what is wrong, and how to fix it.
 *
 * @public
 */
export interface GuardrailViolation {
  /** The guardrail's id, e.g. `pod-security.run-as-non-root`. */
  rule: string;
  /** e.g. `Deployment checkout-dev/checkout-api`. */
  object: string;
  /** Where the manifest came from, e.g. `manifests/app.yaml#1`. */
  source?: string;
  /** Field path in the object, e.g. `spec.template.spec.containers[0].securityContext.runAsNonRoot`. */
  path: string;
  message: string;
  fix: string;
}

/**
 * The guardrails in force, read from `paved.guardrails` (every one on by default).
 *
 * @public
 */
export interface GuardrailPolicy {
  /** Enforce the Pod Security "restricted" rules on every pod template. */
  podSecurityRestricted: boolean;
  /** Every container must request and limit CPU and memory. */
  requireResources: boolean;
  /** Containers of long-running workloads need liveness and readiness probes. */
  requireProbes: boolean;
  /** Images need an explicit tag other than `latest`, or a digest. */
  forbidLatestTag: boolean;
  /** Registries images may come from (host part of the image reference); empty allows any. */
  allowedRegistries: string[];
  /** Kinds that may not be applied (`Kind` or `group/Kind`). */
  forbiddenKinds: string[];
  /** The target namespace must be a Paved environment owned by one of the user's teams. */
  requireTeamEnvironment: boolean;
}

/**
 * Kinds no template may apply: cluster-wide RBAC, CRDs, admission webhooks and policies, and Namespaces
 * (environments are made by the environment actions).
 *
 * @public
 */
export const DEFAULT_FORBIDDEN_KINDS = [
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'Namespace',
];
