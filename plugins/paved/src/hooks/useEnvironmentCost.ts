import { useEntityPavedApi } from './usePavedApi';

/** The cost of the page's environment (a Resource Paved added to the catalog) this month. */
export const useEnvironmentCost = () =>
  useEntityPavedApi((api, ref) => api.getEnvironmentCost(ref));
