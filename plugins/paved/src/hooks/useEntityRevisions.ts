import { useEntityPavedApi } from './usePavedApi';

/**
 * The revisions of the changes Paved applied to the page's entity, newest first: at most `limit`, with
 * `more` saying whether older ones exist.
 */
export const useEntityRevisions = (limit?: number) =>
  useEntityPavedApi(
    (api, ref) => api.getEntityRevisions(ref, { limit }),
    [limit],
  );
