import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';
import { useEntity } from '@backstage/plugin-catalog-react';

/**
 * The component a rollback of the page's entity restores: the value of its `backstage.io/kubernetes-id`
 * annotation (the label its objects carry), else its name.
 */
export function useComponentId(): string {
  const { entity } = useEntity();
  return (
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
    entity.metadata.name
  );
}
