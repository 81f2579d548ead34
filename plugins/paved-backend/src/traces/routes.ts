import { entityRoutes, traceIdSchema } from '@paved/plugin-paved-common';
import { InputError } from '@backstage/errors';
import { EntityRoutes } from '../http';
import { TracesService } from './TracesService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/traces?environment=&range=` (or `&start=&end=`, `&status=error`,
 * `&minDurationMs=`, `&operation=`, `&limit=`) and `…/traces/:traceId?environment=`, for callers holding
 * `paved.entity.traces.read` on the entity.
 */
export function addTracesRoutes(routes: EntityRoutes, traces: TracesService) {
  routes.json(entityRoutes.traces, 'traces', request =>
    traces.list(request, request.query),
  );
  routes.json(entityRoutes.trace, 'traces', request => {
    const traceId = traceIdSchema.safeParse(request.req.params.traceId);
    if (!traceId.success) {
      throw new InputError(
        `traceId: ${traceId.error.issues[0].message}, e.g. 4bf92f3577b34da6a3ce929d0e0e4736`,
      );
    }
    return traces.get(request, traceId.data, request.query.environment);
  });
}
