import { z } from 'zod/v3';
import { EntityRoutes, environmentName } from '../http';
import { MetricsService } from './MetricsService';

const goldenSignalsQuery = z.object({
  environment: environmentName.optional(),
  range: z.enum(['15m', '1h', '6h', '24h']).default('1h'),
});

/**
 * Adds `GET /entities/:namespace/:kind/:name/metrics/current` (the pods' CPU and memory now) and
 * `…/metrics/golden-signals?environment=&range=` (request rate, errors, latency), for callers holding
 * `paved.entity.metrics.read` on the entity.
 */
export function addMetricsRoutes(
  routes: EntityRoutes,
  metrics: MetricsService,
) {
  routes.json('metrics/current', 'metrics', async ({ entity, identity }) => ({
    pods: await metrics.current(entity, identity),
  }));
  routes.json('metrics/golden-signals', 'metrics', request =>
    metrics.goldenSignals(
      request.entity,
      request.identity,
      request.query(goldenSignalsQuery),
    ),
  );
}
