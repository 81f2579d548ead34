import { InputError } from '@backstage/errors';

/**
 * Annotation on a catalog entity naming the value of the `backstage.io/kubernetes-id` label its workloads carry.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * Annotation on a catalog entity holding a label selector that finds its workloads.
 *
 * @public
 */
export const KUBERNETES_LABEL_SELECTOR_ANNOTATION =
  'backstage.io/kubernetes-label-selector';

/**
 * Entity `spec.type` of the Resource entities that stand for environments in the catalog; their
 * `paved.dev/cluster` and `paved.dev/namespace` annotations say which.
 *
 * @public
 */
export const ENVIRONMENT_ENTITY_TYPE = 'kubernetes-environment';

/**
 * The name of the Resource entity that stands for an environment in the catalog: `<cluster>-<namespace>`, cut to
 * 63 characters.
 *
 * @public
 */
export function environmentEntityName(
  cluster: string,
  namespace: string,
): string {
  return `${cluster}-${namespace}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Label and annotation keys Paved writes on the namespaces it manages (environments).
 *
 * @public
 */
export const PAVED_LABELS = {
  /** Always `paved`: the namespace is an environment managed by Paved. */
  managedBy: 'paved.dev/managed-by',
  /** The owning team, a catalog group ref encoded by {@link encodeEntityRefLabel}. */
  team: 'paved.dev/team',
  /** Environment name, e.g. `dev`, `staging`, `production`, `preview-142`. */
  environment: 'paved.dev/environment',
  /** `persistent` or `ephemeral`. */
  lifecycle: 'paved.dev/lifecycle',
  /** `"true"` on production-class environments. */
  protected: 'paved.dev/protected',
  /** `"true"` on a Secret with a rotation schedule (so the schedule finds it by label). */
  rotates: 'paved.dev/rotates',
  /** On an environment's namespace: where its secrets live, `kubernetes` (default) or `vault`. */
  secretStore: 'paved.dev/secret-store',
  /** On a pull request's preview environment: the pull request's number. */
  pullRequest: 'paved.dev/pull-request',
} as const;

/**
 * Value of the {@link PAVED_LABELS}.managedBy label.
 *
 * @public
 */
export const PAVED_MANAGED_BY = 'paved';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const ENTITY_REF =
  /^([a-z0-9]+):([a-z0-9]+(?:-[a-z0-9]+)*)\/([A-Za-z0-9][-A-Za-z0-9_.]*)$/;

/**
 * Encodes a full entity ref (`group:default/team-checkout`) as a label value (`group.default.team-checkout`).
 * The kind and namespace contain no dots, so the first two dots always separate the three parts.
 *
 * @throws InputError when the ref is not a full `kind:namespace/name` ref or is longer than a label allows.
 * @public
 */
export function encodeEntityRefLabel(entityRef: string): string {
  const match = ENTITY_REF.exec(entityRef.toLocaleLowerCase('en-US'));
  if (!match) {
    throw new InputError(
      `"${entityRef}" is not a full entity ref; write it as kind:namespace/name, e.g. group:default/team-checkout`,
    );
  }
  const value = `${match[1]}.${match[2]}.${match[3]}`;
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new InputError(
      `"${entityRef}" cannot be stored as a Kubernetes label value (at most 63 characters); use a shorter group name`,
    );
  }
  return value;
}

/**
 * Decodes a label value written by {@link encodeEntityRefLabel}; returns undefined when it is not one.
 *
 * @public
 */
export function decodeEntityRefLabel(value: string): string | undefined {
  const first = value.indexOf('.');
  const second = value.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === value.length - 1) {
    return undefined;
  }
  return `${value.slice(0, first)}:${value.slice(
    first + 1,
    second,
  )}/${value.slice(second + 1)}`;
}

/**
 * The other `paved.dev/*` annotation keys Paved writes and reads, declared once.
 *
 * @public
 */
export const PAVED_ANNOTATIONS = {
  /** On an environment's catalog Resource: the cluster it lives on. */
  cluster: 'paved.dev/cluster',
  /** On an environment's catalog Resource: its namespace. */
  namespace: 'paved.dev/namespace',
  /** On an environment's namespace: the user who made it. */
  createdBy: 'paved.dev/created-by',
  /** On an environment's namespace: the owning team (a group ref). */
  owner: 'paved.dev/owner',
  /** On an environment's namespace: its size (quota preset). */
  size: 'paved.dev/size',
  /** On a cloned Secret: the keys whose values are placeholders to fill in. */
  placeholderKeys: 'paved.dev/placeholder-keys',
  /** On a rendered object: a kind that is skipped on clusters that do not serve it. */
  optionalKind: 'paved.dev/optional-kind',
  /** On a rendered object: the golden path it came from. */
  goldenPath: 'paved.dev/golden-path',
  /** On a rendered workload: its source repository. */
  repository: 'paved.dev/repository',
  /** On a rendered workload: its buildpack. */
  buildpack: 'paved.dev/buildpack',
  /** On a Secret: who last set each key through Paved and when (JSON, by key: `by` and `at`); never a value. */
  secretChanges: 'paved.dev/secret-changes',
  /** On a Secret: its rotation schedule (JSON: every, keys and their shapes). */
  secretRotation: 'paved.dev/secret-rotation',
  /** On a Secret: when its generated keys were last rotated (RFC 3339). */
  secretRotatedAt: 'paved.dev/secret-rotated-at',
  /** On a workload's pod template: when Paved last restarted it for a rotated Secret (RFC 3339). */
  restartedAt: 'paved.dev/restarted-at',
  /** On a pull request's preview environment: the pull request's web address. */
  pullRequest: 'paved.dev/pull-request',
} as const;

/**
 * Annotation holding an ephemeral environment's expiry time (RFC 3339).
 *
 * @public
 */
export const EXPIRES_AT_ANNOTATION = 'paved.dev/expires-at';

/**
 * Annotation on a Group listing its team leads' user refs, comma separated
 * (e.g. `paved.dev/team-leads: user:default/alice`).
 *
 * @public
 */
export const TEAM_LEADS_ANNOTATION = 'paved.dev/team-leads';

/**
 * The user refs listed in a group's {@link TEAM_LEADS_ANNOTATION}.
 *
 * @public
 */
export function teamLeadsFromAnnotations(
  annotations: Record<string, string> | undefined,
): string[] {
  return (annotations?.[TEAM_LEADS_ANNOTATION] ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}
