import { entityRoutes } from '@paved/plugin-paved-common';
import { EntityRoutes } from '../http';
import { DeliveryService } from './DeliveryService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/delivery`: the entity's environments delivered by GitOps, with
 * the applied commit and Flux's state, for callers holding `paved.entity.read` on it.
 */
export function addDeliveryRoutes(
  routes: EntityRoutes,
  delivery: DeliveryService,
) {
  routes.json(
    entityRoutes.delivery,
    'platformDetails',
    ({ entity, identity }) => delivery.delivery(entity, identity),
  );
}
