import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../api/PavedApi';

/** The cost of the page's environment (a Resource Paved added to the catalog) this month. */
export function useEnvironmentCost() {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  return useAsyncRetry(
    async () => api.getEnvironmentCost(ref),
    [api, ref.kind, ref.namespace, ref.name],
  );
}
