import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@paved/plugin-paved-common';

/** What identifies an entity's workloads: the label selector and the teams whose environments to search. */
export interface EntityScope {
  entityRef: string;
  kubernetesId?: string;
  /** Label selector of the entity's objects, when the entity has the annotation. */
  selector?: string;
  owners: string[];
  /** The owners that are groups. */
  teams: string[];
}

/** Reads an entity's Kubernetes scope from its annotations and ownership relations. */
export function entityScope(entity: Entity): EntityScope {
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION];
  const selector =
    annotations[KUBERNETES_LABEL_SELECTOR_ANNOTATION] ??
    (kubernetesId ? `${KUBERNETES_ID_ANNOTATION}=${kubernetesId}` : undefined);
  const owners = (entity.relations ?? [])
    .filter(relation => relation.type === RELATION_OWNED_BY)
    .map(relation => relation.targetRef);
  return {
    entityRef: stringifyEntityRef(entity),
    ...(kubernetesId ? { kubernetesId } : {}),
    ...(selector ? { selector } : {}),
    owners,
    teams: owners.filter(ref => ref.startsWith('group:')),
  };
}
