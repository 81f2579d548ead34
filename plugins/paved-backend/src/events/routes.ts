import { z } from 'zod/v3';
import { EntityRoutes, environmentName } from '../http';
import { EventsService } from './EventsService';

const eventsQuery = z.object({
  environment: environmentName.optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/**
 * Adds `GET /entities/:namespace/:kind/:name/events?environment=&limit=`: the events about the entity's
 * objects, for callers holding `paved.entity.events.read` on it.
 */
export function addEventsRoutes(routes: EntityRoutes, events: EventsService) {
  routes.json('events', 'events', ({ entity, identity, query }) =>
    events.events(entity, identity, query(eventsQuery)),
  );
}
