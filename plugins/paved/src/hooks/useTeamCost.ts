import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** The cost of the page's group (team) this month, with its budget status. */
export function useTeamCost() {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => api.getTeamCost(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
