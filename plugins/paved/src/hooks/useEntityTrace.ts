import { useEntityPavedApi } from './usePavedApi';

/** One trace through the entity's service (its spans by start), or nothing while no trace is open. */
export const useEntityTrace = (traceId?: string, environment?: string) =>
  useEntityPavedApi(
    async (api, ref) =>
      traceId
        ? api.getTrace(ref, traceId, environment ? { environment } : {})
        : undefined,
    [traceId, environment],
  );
