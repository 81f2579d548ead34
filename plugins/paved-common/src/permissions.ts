import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { isKubernetesName } from './names';

/**
 * The resource type of a Paved environment (a managed namespace on one cluster) in the permission framework.
 * Its resource refs are `<cluster>/<namespace>`; see {@link environmentResourceRef}.
 *
 * @public
 */
export const RESOURCE_TYPE_PAVED_ENVIRONMENT = 'paved-environment';

/**
 * What permission rules see of an environment.
 *
 * @public
 */
export interface PavedEnvironmentResource {
  cluster: string;
  namespace: string;
  /** The owning team's group ref, when the namespace carries one. */
  team?: string;
  /** Production-class: changes by developers need a team lead's approval. */
  protected: boolean;
}

/**
 * The resource ref of an environment: `<cluster>/<namespace>`.
 *
 * @public
 */
export function environmentResourceRef(
  cluster: string,
  namespace: string,
): string {
  return `${cluster}/${namespace}`;
}

/**
 * Splits an environment resource ref back into cluster and namespace (undefined when it is not one, e.g.
 * when the namespace is not exactly a Kubernetes namespace name).
 *
 * @public
 */
export function parseEnvironmentResourceRef(
  ref: string,
): { cluster: string; namespace: string } | undefined {
  const slash = ref.lastIndexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  const namespace = ref.slice(slash + 1);
  if (!isKubernetesName(namespace, 'label')) return undefined;
  return { cluster: ref.slice(0, slash), namespace };
}

function entityPermission(name: string) {
  return createPermission({
    name,
    attributes: { action: 'read' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });
}

/**
 * Read an entity's platform view: where it runs, its environments, workloads and diagnoses.
 * Resource permission on the catalog entity, so policies can grant it conditionally (e.g. to the owner).
 *
 * @public
 */
export const pavedEntityReadPermission = entityPermission('paved.entity.read');

/**
 * Read (tail, search, follow, download) the logs of an entity's pods.
 *
 * @public
 */
export const pavedEntityLogsReadPermission = entityPermission(
  'paved.entity.logs.read',
);

/**
 * Read the Kubernetes events of an entity's objects.
 *
 * @public
 */
export const pavedEntityEventsReadPermission = entityPermission(
  'paved.entity.events.read',
);

/**
 * Read an entity's CPU / memory usage and golden signals.
 *
 * @public
 */
export const pavedEntityMetricsReadPermission = entityPermission(
  'paved.entity.metrics.read',
);

/**
 * Read the traces through an entity's service: their spans in full, and the spans of other services as opaque
 * hops unless the caller also holds this permission on those services' entities.
 *
 * @public
 */
export const pavedEntityTracesReadPermission = entityPermission(
  'paved.entity.traces.read',
);

/**
 * Read the cost of an entity: a component's, or a team's (group entity) across its environments.
 *
 * @public
 */
export const pavedEntityCostReadPermission = entityPermission(
  'paved.entity.cost.read',
);

/**
 * See which secret keys an entity's environments have and which its workloads miss (never a value): a
 * component's, or a team's (group entity) across its environments.
 *
 * @public
 */
export const pavedEntitySecretsReadPermission = entityPermission(
  'paved.entity.secrets.read',
);

function environmentPermission(
  name: string,
  action: 'create' | 'update' | 'delete',
) {
  return createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_PAVED_ENVIRONMENT,
  });
}

/**
 * Create an environment. Authorized against the environment that would be created.
 *
 * @public
 */
export const pavedEnvironmentCreatePermission = environmentPermission(
  'paved.environment.create',
  'create',
);

/**
 * Clone into an environment (authorized against the target; reading the source needs team membership).
 *
 * @public
 */
export const pavedEnvironmentClonePermission = environmentPermission(
  'paved.environment.clone',
  'create',
);

/**
 * Delete an environment.
 *
 * @public
 */
export const pavedEnvironmentDeletePermission = environmentPermission(
  'paved.environment.delete',
  'delete',
);

/**
 * Apply manifests to an environment directly.
 *
 * @public
 */
export const pavedEnvironmentApplyPermission = environmentPermission(
  'paved.environment.apply',
  'update',
);

/**
 * Ask for a change (apply or clone) to an environment that needs approval. Held by those who may not change it
 * directly but may propose changes, e.g. developers for their team's production.
 *
 * @public
 */
export const pavedChangeRequestPermission = environmentPermission(
  'paved.environment.change.request',
  'update',
);

/**
 * Approve or reject a requested change to an environment.
 *
 * @public
 */
export const pavedApprovalDecidePermission = environmentPermission(
  'paved.approval.decide',
  'update',
);

/**
 * Run the platform: every team's cost, the audit trail, settings across teams.
 *
 * @public
 */
export const pavedPlatformAdminPermission = createPermission({
  name: 'paved.platform.admin',
  attributes: {},
});

/**
 * The entity-scoped read permissions.
 *
 * @public
 */
export const pavedEntityPermissions = [
  pavedEntityReadPermission,
  pavedEntityLogsReadPermission,
  pavedEntityEventsReadPermission,
  pavedEntityMetricsReadPermission,
  pavedEntityTracesReadPermission,
  pavedEntityCostReadPermission,
  pavedEntitySecretsReadPermission,
];

/**
 * The environment-scoped permissions.
 *
 * @public
 */
export const pavedEnvironmentPermissions = [
  pavedEnvironmentCreatePermission,
  pavedEnvironmentClonePermission,
  pavedEnvironmentDeletePermission,
  pavedEnvironmentApplyPermission,
  pavedChangeRequestPermission,
  pavedApprovalDecidePermission,
];

/**
 * Every permission Paved declares, for registration with the permission framework.
 *
 * @public
 */
export const pavedPermissions = [
  ...pavedEntityPermissions,
  ...pavedEnvironmentPermissions,
  pavedPlatformAdminPermission,
];
