import { KUBERNETES_ID_ANNOTATION } from '@paved/plugin-paved-common';
import { useEntity } from '@backstage/plugin-catalog-react';

/**
 * The component a rollback from the page's entity restores: for a Component, the value of its
 * `backstage.io/kubernetes-id` annotation (the label its objects carry), else its name; for a team's or an
 * environment's page, none (the whole revision is restored).
 */
export function useComponentId(): string | undefined {
  const { entity } = useEntity();
  if (entity.kind.toLowerCase() !== 'component') return undefined;
  return (
    entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION] ??
    entity.metadata.name
  );
}
