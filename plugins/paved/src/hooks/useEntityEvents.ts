import { useEntityPavedApi } from './usePavedApi';

/** Events about the entity's objects, warnings first: `{ events, total }`. */
export const useEntityEvents = (environment?: string) =>
  useEntityPavedApi(
    (api, ref) => api.getEvents(ref, { environment }),
    [environment],
  );
