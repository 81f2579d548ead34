import { entityRoutes } from '@paved/plugin-paved-common';
import { EntityRoutes } from '../http';
import { MetricsService } from './MetricsService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/metrics/current` (the pods' CPU and memory now) and
 * `…/metrics/golden-signals?environment=&range=` or `&start=&end=` (request rate, errors, latency), for
 * callers holding `paved.entity.metrics.read` on the entity.
 */
export function addMetricsRoutes(
  routes: EntityRoutes,
  metrics: MetricsService,
) {
  routes.json(entityRoutes.currentMetrics, 'metrics', ({ entity, identity }) =>
    metrics.current(entity, identity),
  );
  routes.json(entityRoutes.goldenSignals, 'metrics', request =>
    metrics.goldenSignals(request.entity, request.identity, request.query),
  );
}
