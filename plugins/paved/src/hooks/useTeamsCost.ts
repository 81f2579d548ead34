import { usePavedApi } from './usePavedApi';

/** Every team's cost and budget status (platform admins only). */
export const useTeamsCost = () => usePavedApi(api => api.getTeamsCost(), []);
