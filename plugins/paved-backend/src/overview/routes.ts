import { EntityRoutes } from '../http';
import { OverviewService } from './OverviewService';

/**
 * Adds `GET /entities/:namespace/:kind/:name/overview`: the Platform tab's overview of the entity, for
 * callers holding `paved.entity.read` on it.
 */
export function addOverviewRoutes(
  routes: EntityRoutes,
  overview: OverviewService,
) {
  routes.json('overview', 'platformDetails', ({ entity, identity }) =>
    overview.overview(entity, identity),
  );
}
