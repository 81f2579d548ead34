import { kubernetesNameSchema } from '@paved/plugin-paved-common';
import { PavedLimits } from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import { EntityRoutes, environmentName } from '../http';
import { FollowSlots } from './FollowSlots';
import { streamFollow } from './followStream';
import { LogsService } from './LogsService';

const followQuery = z.object({
  environment: environmentName.optional(),
  pod: kubernetesNameSchema('pod', 'subdomain').optional(),
  container: kubernetesNameSchema('container', 'label').optional(),
  search: z.string().max(200, 'search: at most 200 characters').optional(),
});

const logsQuery = followQuery.extend({
  tail: z.coerce.number().int().min(1).max(5000).default(200),
  sinceSeconds: z.coerce.number().int().min(1).optional(),
  previous: z
    .enum(['true', 'false'])
    .transform(v => v === 'true')
    .optional(),
});

/**
 * Adds `GET /entities/:namespace/:kind/:name/logs` (the newest lines across the entity's containers) and
 * `…/logs/follow` (new lines as server-sent events, within `paved.limits.follows`), for callers holding
 * `paved.entity.logs.read` on the entity.
 */
export function addLogsRoutes(
  routes: EntityRoutes,
  deps: { logs: LogsService; limits: PavedLimits },
) {
  const { logs, limits } = deps;
  const slots = new FollowSlots(limits.follows);
  routes.json('logs', 'logs', ({ entity, identity, query }) =>
    logs.tail(entity, identity, query(logsQuery)),
  );
  routes.stream(
    'logs/follow',
    'logs',
    ({ req, res, entity, identity, query }) =>
      streamFollow(req, res, {
        logs,
        slots,
        limits: limits.follows,
        entity,
        identity,
        query: query(followQuery),
      }),
  );
}
