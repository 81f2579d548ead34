import { entityRoutes } from '@paved/plugin-paved-common';
import { PavedLimits } from '@paved/plugin-paved-node';
import { EntityRoutes } from '../http';
import { FollowSlots } from './FollowSlots';
import { streamFollow } from './followStream';
import { LogsService } from './LogsService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/logs` (the newest lines across the entity's containers) and
 * `…/logs/follow` (new lines as server-sent events, within `paved.limits.follows`), for callers holding
 * `paved.entity.logs.read` on the entity.
 */
export function addLogsRoutes(
  routes: EntityRoutes,
  deps: { logs: LogsService; limits: PavedLimits; shutdown?: AbortSignal },
) {
  const { logs, limits, shutdown } = deps;
  const slots = new FollowSlots(limits.follows);
  routes.json(entityRoutes.logs, 'logs', ({ entity, identity, query }) =>
    logs.tail(entity, identity, query),
  );
  routes.stream(entityRoutes.followLogs, 'logs', request =>
    streamFollow(request.req, request.res, {
      logs,
      slots,
      limits: limits.follows,
      entity: request.entity,
      identity: request.identity,
      query: request.query,
      shutdown,
    }),
  );
}
