import { useEntityPavedApi } from './usePavedApi';

/** The cost of the page's group (team) this month, with its budget status. */
export const useTeamCost = () =>
  useEntityPavedApi((api, ref) => api.getTeamCost(ref));
