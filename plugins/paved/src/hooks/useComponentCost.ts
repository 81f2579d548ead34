import { useEntityPavedApi } from './usePavedApi';

/** The cost of the page's component this month. */
export const useComponentCost = () =>
  useEntityPavedApi((api, ref) => api.getComponentCost(ref));
