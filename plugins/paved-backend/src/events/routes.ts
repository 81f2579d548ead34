import { entityRoutes } from '@paved/plugin-paved-common';
import { EntityRoutes } from '../http';
import { EventsService } from './EventsService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/events?environment=&limit=`: the events about the entity's
 * objects, for callers holding `paved.entity.events.read` on it.
 */
export function addEventsRoutes(routes: EntityRoutes, events: EventsService) {
  routes.json(entityRoutes.events, 'events', ({ entity, identity, query }) =>
    events.events(entity, identity, query),
  );
}
