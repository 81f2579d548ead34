import { entityRoutes } from '@paved/plugin-paved-common';
import { EntityRoutes } from '../http';
import { DiagnosesService } from './DiagnosesService';

/**
 * Serves `GET /entities/:namespace/:kind/:name/diagnoses`: why the entity's pods or rollouts are unhealthy,
 * for callers holding `paved.entity.read` on it (they are platform details, as the overview).
 */
export function addDiagnosesRoutes(
  routes: EntityRoutes,
  diagnoses: DiagnosesService,
) {
  routes.json(entityRoutes.diagnoses, 'platformDetails', request =>
    diagnoses.diagnoses(request.entity, request.identity),
  );
}
