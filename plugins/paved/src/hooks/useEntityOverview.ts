import { useEntityPavedApi } from './usePavedApi';

/** Loads the Platform overview of the entity in context. */
export const useEntityOverview = () =>
  useEntityPavedApi((api, ref) => api.getOverview(ref));
