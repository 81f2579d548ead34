import { NotAllowedError } from '@backstage/errors';
import {
  entityRoutes,
  healthQuery,
  RouteResponse,
  parseInput,
  pavedEntityCostReadPermission,
} from '@paved/plugin-paved-common';
import express from 'express';
import { Access, entityViews, ownerOnly } from '../http';
import { HealthService } from './HealthService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/health?range=|start=&end=&environment=`: each environment of
 * the entity at a glance. One authorize call decides the three permissions it shows: without the platform
 * details' (`paved.entity.read`) it answers the overview's 403 and reads nothing; error ratio and latency
 * need `paved.entity.metrics.read`, the cost `paved.entity.cost.read`, and are left out without them.
 */
export function addHealthRoutes(
  router: express.Router,
  access: Access,
  health: HealthService,
) {
  const details = entityViews.platformDetails;
  const metrics = entityViews.metrics;
  router.get(entityRoutes.health.path, async (req, res) => {
    const { entity, entityRef, identity, allowed } =
      await access.entityWithDecisions(req, [
        details.permission,
        metrics.permission,
        pavedEntityCostReadPermission,
      ]);
    if (!allowed.has(details.permission.name)) {
      throw new NotAllowedError(
        ownerOnly(details.what, details.permission)(entityRef, entity),
      );
    }
    // validated once the caller may see the entity, as the entity routes do
    const query = parseInput(healthQuery, req.query, 'query');
    const answer: RouteResponse<typeof entityRoutes.health> =
      await health.health(entity, identity, query, {
        metrics: allowed.has(metrics.permission.name),
        cost: allowed.has(pavedEntityCostReadPermission.name),
      });
    res.json(answer);
  });
}
