import { RouteQueryInput, entityRoutes } from '@paved/plugin-paved-common';
import { useEntityPavedApi } from './usePavedApi';

/** Recent traces through the entity's service for the Traces card's filters: `{ traces, notice? }`. */
export const useEntityTraces = (
  query: RouteQueryInput<typeof entityRoutes.traces>,
) =>
  useEntityPavedApi(
    (api, ref) => api.getTraces(ref, query),
    [JSON.stringify(query)],
  );
