import { entityRoutes } from '@paved/plugin-paved-common';
import { EntityRoutes } from '../http';
import { OverviewService } from './OverviewService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/overview`: the Platform tab's overview of the entity, for
 * callers holding `paved.entity.read` on it.
 */
export function addOverviewRoutes(
  routes: EntityRoutes,
  overview: OverviewService,
) {
  routes.json(
    entityRoutes.overview,
    'platformDetails',
    ({ entity, identity }) => overview.overview(entity, identity),
  );
}
