import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** Every team's cost and budget status (platform admins only). */
export function useTeamsCost() {
  const api = useApi(pavedApiRef);
  return useAsyncRetry(async () => api.getTeamsCost(), [api]);
}
