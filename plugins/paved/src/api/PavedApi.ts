import { createApiRef } from '@backstage/core-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { EntityPlatformOverview } from '@paved/plugin-paved-common';

/**
 * The Paved backend as the frontend sees it.
 *
 * @public
 */
export interface PavedApi {
  /** Where the entity runs, or why nothing can be shown yet. */
  getOverview(entity: CompoundEntityRef): Promise<EntityPlatformOverview>;
}

/**
 * Reference to the {@link PavedApi}.
 *
 * @public
 */
export const pavedApiRef = createApiRef<PavedApi>({ id: 'plugin.paved.api' });
