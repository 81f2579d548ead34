import {
  entityRoutes,
  pavedEntityCostReadPermission,
} from '@paved/plugin-paved-common';
import { EntityRoutes, entityViews } from '../http';
import { HealthService } from './HealthService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/health?range=|start=&end=&environment=`: each environment of
 * the entity at a glance, as the platform details' view (`paved.entity.read`: the overview's 403 without it,
 * and nothing read). Error ratio and latency need `paved.entity.metrics.read` too, the cost
 * `paved.entity.cost.read`; without them those parts are left out. Also a part of `/platform`.
 */
export function addHealthRoutes(routes: EntityRoutes, health: HealthService) {
  routes.json(
    entityRoutes.health,
    'platformDetails',
    async ({ entity, identity, query, allows }) => {
      const [metrics, cost] = await allows([
        entityViews.metrics.permission,
        pavedEntityCostReadPermission,
      ]);
      return health.health(entity, identity, query, { metrics, cost });
    },
  );
}
